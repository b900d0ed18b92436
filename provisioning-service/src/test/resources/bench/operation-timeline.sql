-- The latest fleet operation's timeline (seconds after its createdAt): when its bmc.commands were relayed, its items
-- claimed and finished, and the claims per second. psql -h 127.0.0.1 -p <PG port> -U postgres -d provisioning -f this file
\set QUIET on
\pset footer off
WITH op AS (SELECT id, created_at, finished_at FROM operations ORDER BY created_at DESC LIMIT 1),
ob AS (SELECT o.created_at AS oc, o.sent_at FROM outbox o, op WHERE o.type='bmc.command' AND o.created_at >= op.created_at - interval '1 s' AND o.created_at <= op.created_at + interval '5 s'),
it AS (SELECT i.started_at, i.finished_at FROM operation_items i JOIN op ON i.operation_id = op.id)
SELECT 'outbox.sent' AS what, count(*) n,
 round(extract(epoch FROM percentile_disc(0.0) WITHIN GROUP (ORDER BY sent_at) - (SELECT created_at FROM op))::numeric,2) p0,
 round(extract(epoch FROM percentile_disc(0.5) WITHIN GROUP (ORDER BY sent_at) - (SELECT created_at FROM op))::numeric,2) p50,
 round(extract(epoch FROM percentile_disc(0.9) WITHIN GROUP (ORDER BY sent_at) - (SELECT created_at FROM op))::numeric,2) p90,
 round(extract(epoch FROM percentile_disc(1.0) WITHIN GROUP (ORDER BY sent_at) - (SELECT created_at FROM op))::numeric,2) p100 FROM ob
UNION ALL
SELECT 'item.claimed', count(*),
 round(extract(epoch FROM percentile_disc(0.0) WITHIN GROUP (ORDER BY started_at) - (SELECT created_at FROM op))::numeric,2),
 round(extract(epoch FROM percentile_disc(0.5) WITHIN GROUP (ORDER BY started_at) - (SELECT created_at FROM op))::numeric,2),
 round(extract(epoch FROM percentile_disc(0.9) WITHIN GROUP (ORDER BY started_at) - (SELECT created_at FROM op))::numeric,2),
 round(extract(epoch FROM percentile_disc(1.0) WITHIN GROUP (ORDER BY started_at) - (SELECT created_at FROM op))::numeric,2) FROM it
UNION ALL
SELECT 'item.finished', count(*),
 round(extract(epoch FROM percentile_disc(0.0) WITHIN GROUP (ORDER BY finished_at) - (SELECT created_at FROM op))::numeric,2),
 round(extract(epoch FROM percentile_disc(0.5) WITHIN GROUP (ORDER BY finished_at) - (SELECT created_at FROM op))::numeric,2),
 round(extract(epoch FROM percentile_disc(0.9) WITHIN GROUP (ORDER BY finished_at) - (SELECT created_at FROM op))::numeric,2),
 round(extract(epoch FROM percentile_disc(1.0) WITHIN GROUP (ORDER BY finished_at) - (SELECT created_at FROM op))::numeric,2) FROM it
UNION ALL
SELECT 'op.finished', 1, NULL, NULL, NULL, round(extract(epoch FROM finished_at - created_at)::numeric,2) FROM op;
WITH op AS (SELECT id, created_at FROM operations ORDER BY created_at DESC LIMIT 1)
SELECT floor(extract(epoch FROM i.started_at - op.created_at)) AS sec, count(*) AS claimed,
  count(DISTINCT i.started_at) AS claim_stmts
FROM operation_items i JOIN op ON i.operation_id = op.id GROUP BY 1 ORDER BY 1;
