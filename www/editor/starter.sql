-- One partition per day: the latest five snapshots of dim_users.
SELECT ds, count(*) AS users, max(followers) AS most_followers
FROM dim_users
GROUP BY ds
ORDER BY ds DESC
LIMIT 5