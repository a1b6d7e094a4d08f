"""Where readings are kept: time partitions of the readings tables on plain PostgreSQL.

``partitions``  cover the times a write needs, maintain periods ahead and the retention, list
                the partitions and their policies (migration 0150, docs/storage.md)
"""
