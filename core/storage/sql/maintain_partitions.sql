-- Create the periods ahead and drop the partitions past the retention, per readings table.
SELECT table_name, created, dropped FROM vigie_maintain_partitions()
