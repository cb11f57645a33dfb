"""The tools behind `python -m scripts.cli`: benchmark, page weight, links of a built site, synthetic content, review, probe."""
