"""Campaigns of many tasks from a manifest (:mod:`~certificates.campaigns.manifest`), run here or on a
Dask cluster (:mod:`~certificates.campaigns.batch`)."""
