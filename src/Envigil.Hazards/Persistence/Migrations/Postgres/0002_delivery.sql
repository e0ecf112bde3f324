-- PLACEHOLDER from branch hzresp. Version 2 belongs to the delivery branch (hzpush, push notifications); the migrator
-- refuses gaps, so 0003_response needs a version 2 to run here. On merge, keep hzpush's 0002_delivery.sql and drop this.
SELECT 1;
