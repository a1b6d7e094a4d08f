-- Make an existing login a member of a territory's reader role.
GRANT {role} TO {login}
