-- The analytics views are now defined in one file, repeatable/views.sql, which the migrator applies after the numbered
-- migrations (and a projection rebuild re-runs). The functions that carried the view definitions forward from 0006
-- through 0013 are dropped; views.sql redefines analytics.drop_views().
DROP FUNCTION analytics.create_views();
DROP FUNCTION analytics.create_views_0010();
DROP FUNCTION analytics.create_views_0009();
DROP FUNCTION analytics.create_views_0006();
