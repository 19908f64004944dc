"""Industry credit evaluations (行业信用评价) and graded supervision (分级分类监管)."""
