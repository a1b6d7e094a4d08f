-- Dead letters of rows refused by `vigie import readings` are named `file:<name>:line <n>`; an
-- import looks them up by that name so that importing a file again keeps each refused row once.
CREATE INDEX dead_letters_file_rows_idx ON dead_letters (topic) WHERE topic LIKE 'file:%';
