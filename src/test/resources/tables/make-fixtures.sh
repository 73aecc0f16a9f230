#!/bin/sh
# Re-makes the spreadsheet fixtures of this folder from the shipped table, saved by other programs than the
# Apache POI that wrote the shipped file. Needs python3-openpyxl and LibreOffice Calc with its Python bridge
# (Debian: apt-get install python3-openpyxl libreoffice-calc-nogui python3-uno). Run from the repository root:
#   sh src/test/resources/tables/make-fixtures.sh
set -eu
here=src/test/resources/tables
shipped=rules/aws-usage/thresholds.drl.xlsx
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# openpyxl: the table loaded and saved unchanged, and saved with the EC2 CPU threshold (B11) set to 85.
/usr/bin/python3 "$here/openpyxl_save.py" "$shipped" "$here/openpyxl.drl.xlsx"
/usr/bin/python3 "$here/openpyxl_save.py" "$shipped" "$here/openpyxl-cpu85.drl.xlsx" B11=85
# openpyxl: the MetricThresholds rows 13 to 18 moved down one row, leaving row 13 blank inside the table.
/usr/bin/python3 "$here/openpyxl_save.py" "$shipped" "$here/openpyxl-blank-row.drl.xlsx" move=A13:L18:1

# The shipped savings table (CSV) as Excel saves it: "CSV UTF-8" (a byte order mark) and, in languages whose list
# separator is ';', with ';' between cells; both with CRLF line ends.
/usr/bin/python3 "$here/csv_resave.py" rules/aws-usage/savings.drl.csv "$here/excel-bom.drl.csv" bom
/usr/bin/python3 "$here/csv_resave.py" rules/aws-usage/savings.drl.csv "$here/excel-semicolon.drl.csv" semicolon

# LibreOffice Calc: the table converted (opened and saved as xlsx), and opened, edited and saved through its
# UNO API with the EC2 CPU threshold set to 85.
cp "$shipped" "$work/libreoffice.drl.xlsx"
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to xlsx:"Calc MS Excel 2007 XML" \
    --outdir "$work/out" "$work/libreoffice.drl.xlsx" >/dev/null
cp "$work/out/libreoffice.drl.xlsx" "$here/libreoffice.drl.xlsx"
soffice -env:UserInstallation="file://$work/profile" --headless --invisible --norestore \
    --accept="pipe,name=log2fixtures;urp;" >/dev/null 2>&1 &
office=$!
/usr/bin/python3 "$here/libreoffice_edit.py" "$shipped" "$here/libreoffice-cpu85.drl.xlsx" B11=85
wait "$office" || true
