"""Reads a CSV decision table and writes it again as Excel saves CSV: CRLF line ends, and either a UTF-8 byte order
mark ("CSV UTF-8") or ';' between cells (the list separator of languages that write decimals with a comma)."""
import csv
import sys

source, target, kind = sys.argv[1:]
with open(source, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
encoding = "utf-8-sig" if kind == "bom" else "utf-8"
delimiter = ";" if kind == "semicolon" else ","
with open(target, "w", newline="", encoding=encoding) as f:
    csv.writer(f, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
