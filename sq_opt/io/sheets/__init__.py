"""Documents as spreadsheets (an .xlsx workbook or a folder of CSV files): layout, reader, writer, template."""
