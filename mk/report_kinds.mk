# The report kinds besides data races, through the runner (issue 13,
# items 11-14): aggregation, -json/JUnit/SARIF/merge, the options.
CHECK_SUITES += tests/e2e/report_kinds.sh
