"""Opens a workbook in a running LibreOffice (accepting on pipe log2fixtures), sets the given cells
(CELL=NUMBER) as a user typing them would, saves it as Excel 2007+ and shuts LibreOffice down."""
import os
import sys
import time
import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


source, target, *edits = sys.argv[1:]
resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
for attempt in range(60):
    try:
        context = resolver.resolve("uno:pipe,name=log2fixtures;urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(1)
else:
    sys.exit("LibreOffice did not start")
desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                        (prop("Hidden", True),))
sheet = document.Sheets.getByIndex(0)
for edit in edits:
    cell, value = edit.split("=", 1)
    sheet.getCellRangeByName(cell).setValue(float(value))
document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
document.close(True)
try:
    desktop.terminate()
except Exception:
    pass  # the bridge closes as LibreOffice exits
