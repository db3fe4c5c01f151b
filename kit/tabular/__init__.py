"""Reading and writing spreadsheets (CSV, XLSX) the way district offices really have them."""
