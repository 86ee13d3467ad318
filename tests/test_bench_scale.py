"""`make bench`'s scale table is read in logs (CI, a file): every figure printed whole."""
from bench.scale import ScaleResult, print_scale


def test_the_scale_table_prints_every_figure_whole_without_a_terminal(capsys):
    result = ScaleResult(documents=10000, n_chars=36724884, pdf_pages=1358, first_wall_s=348.6,
                         first_cpu_s=363.8, startup_cpu_s=11.3, marginal_chars_per_cpu_s=104180,
                         regex_chars_per_cpu_s=1113094, ratio_to_regex=0.094, peak_tree_rss_mb=713,
                         rerun_wall_s=9.6, rerun_ratio=0.028, rerun_cpu_s=9.7, rerun_cpu_ratio=0.027,
                         two_workers_wall_s=209.5, two_workers_speedup=1.66, dask_wall_s=233.1,
                         dask_ratio=1.5, load_average=2.1)
    print_scale([result])
    out = capsys.readouterr().out
    assert "…" not in out
    for figure in ("10,000", "348.6", "104,180", "1,113,094", "0.094", "713", "0.028", "1.66x", "1.5x",
                   "peak RSS MB (tree)", "marginal chars/CPU-s"):
        assert figure in out
