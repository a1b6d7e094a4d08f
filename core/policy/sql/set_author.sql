-- Name the author of the transaction's policy changes, as policy_changes records them.
SELECT set_config('vigie.person_id', coalesce(%(person_id)s::integer::text, ''), true),
       set_config('vigie.change_source', %(source)s, true)
