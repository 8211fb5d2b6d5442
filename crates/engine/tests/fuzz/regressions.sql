-- Statements that once ended badly, run before the generated ones (tests/sql_fuzz.rs).
-- Statements are separated by a line `-- next`. The long chains that crashed the
-- browser (a UNION ALL of 6,000 selects, 5,000 ORs) are built in tests/hostile_sql.rs.
-- A day that does not exist answered 0 rows instead of saying so.
SELECT count(*) FROM dim_users WHERE ds = '2024-02-30'
-- next
SELECT count(*) FROM dim_users WHERE ds = 'yesterday'
-- next
SELECT ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
