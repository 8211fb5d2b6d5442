-- Statements that once ended badly, run before the generated ones (tests/sql_fuzz.rs).
-- Statements are separated by a line `-- next`. The long chains that crashed the
-- browser (a UNION ALL of 6,000 selects, 5,000 ORs) are built in tests/hostile_sql.rs.
-- A day that does not exist answered 0 rows instead of saying so.
SELECT count(*) FROM dim_users WHERE ds = '2024-02-30'
-- next
SELECT count(*) FROM dim_users WHERE ds = 'yesterday'
-- next
SELECT ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
-- next
-- Found by the browser run: past the parser's depth limit each NOT ( is parsed two ways
-- (40 levels took 63 s natively, and the time limit restarted the worker).
SELECT count(*) FROM relationships WHERE NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (NOT (ds = '2024-01-02'))))))))))))))))))))))))))))))))))))))))
-- next
-- Found by the browser run: each coalesce level doubles the planning time, 20 levels
-- trapped the worker.
SELECT coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(coalesce(NULL, 1), 1), 1), 1), 1), 1), 1), 1), 1), 1), 1), 1), 1), 1), 1), 1), 1), 1), 1), 1)
