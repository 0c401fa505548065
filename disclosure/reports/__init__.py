"""Reports: the statutory annual report and the office's operating statistics, counted in SQL."""
