"""The clinic report (page, PDF and CSV) and the CSV of one patient's record."""
