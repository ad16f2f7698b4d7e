"""The sources of the 1 July 2025 merger of 63 provinces into 34 (named once; light enough for any module)."""

MERGER_SOURCE = "geo_dvhcvn_merges"  # which former provinces form each new one (Resolution 202/2025/QH15)
MERGER_SOURCES = (MERGER_SOURCE, "geo_dvhcvn_codes34")  # the merger map's and table's sources: mapping, then codes
