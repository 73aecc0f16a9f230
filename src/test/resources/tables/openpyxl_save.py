"""Loads a workbook with openpyxl, sets the given cells (CELL=NUMBER) or moves a range of cells down (move=RANGE:ROWS,
leaving blank rows where it was) and saves it, as a user's script would."""
import sys
import openpyxl

source, target, *edits = sys.argv[1:]
workbook = openpyxl.load_workbook(source)
sheet = workbook.worksheets[0]
for edit in edits:
    cell, value = edit.split("=", 1)
    if cell == "move":
        cells, rows = value.rsplit(":", 1)
        sheet.move_range(cells, rows=int(rows))
    else:
        sheet[cell] = float(value)
workbook.save(target)
