-- The operating-system account of an operator who acted at the server's command line
-- (`panah report funding`, `panah audit verify`, `panah user ...`): the operator has no
-- user row, so this is how an entry names them. NULL for every other entry. The entry's
-- hash covers it when it is set.
ALTER TABLE audit_log ADD COLUMN os_user text;
