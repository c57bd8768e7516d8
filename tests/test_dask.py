"""The Dask path: partitions tagged where they live, counts aggregated, same numbers as one process."""

import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")


@pytest.mark.slow
def test_local_cluster_matches_one_process():
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from framing.dask import analyze_dask, hit_counts
    from framing.datasets import load_sample
    from framing.io import documents_frame
    from framing.stats import analyze, rates

    docs = load_sample()
    frame = documents_frame(docs)[["doc_id", "outlet", "date", "title", "text"]]
    expected = rates(analyze(docs).loaded_hits, analyze(docs).words, by="outlet", split="category")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster):
        ddf = dd.from_pandas(frame, npartitions=3)
        hits, words = analyze_dask(ddf)
        counts = hit_counts(hits, words, by="outlet", split="category")
        assert int(words["n_words"].sum().compute()) == int(analyze(docs).words["n_words"].sum())
    merged = expected.merge(counts, on=["outlet", "category"], suffixes=("", "_dask"), how="left").fillna(0)
    assert (merged["n_hits"] == merged["n_hits_dask"]).all()
    assert (merged["rate"].round(9) == merged["rate_dask"].round(9)).all()
