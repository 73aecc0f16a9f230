"""Loads a workbook with openpyxl, sets the given cells (CELL=NUMBER) and saves it, as a user's script would."""
import sys
import openpyxl

source, target, *edits = sys.argv[1:]
workbook = openpyxl.load_workbook(source)
sheet = workbook.worksheets[0]
for edit in edits:
    cell, value = edit.split("=", 1)
    sheet[cell] = float(value)
workbook.save(target)
