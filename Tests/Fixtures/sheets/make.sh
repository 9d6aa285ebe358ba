#!/usr/bin/env bash
# Rebuilds the .xls / Excel 2003 XML / HTML fixtures in this folder (see
# README.md; openpyxl/ is made by scripts/make-sheet-fixtures).
# Needs: LibreOffice 7.4 (soffice), python3 with openpyxl, and
# msoffcrypto-tool (pip install msoffcrypto-tool).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# checkins.xls: checkins.csv (UTF-8) saved as Excel 97-2003 by LibreOffice.
# Filter options 44,34,76,1 = comma, double quote, UTF-8, from line 1.
soffice --headless --infilter="CSV:44,34,76,1" --convert-to xls --outdir "$work" checkins.csv
cp "$work/checkins.xls" checkins.xls

# checkins-2003.xml: the same CSV saved as "XML Spreadsheet 2003".
soffice --headless --infilter="CSV:44,34,76,1" --convert-to 'xml:MS Excel 2003 XML' --outdir "$work" checkins.csv
cp "$work/checkins.xml" checkins-2003.xml

# two-sheets.xls: a two-sheet workbook written with openpyxl, saved as .xls.
python3 - "$work/two-sheets.xlsx" <<'PY'
import datetime, sys, openpyxl
wb = openpyxl.Workbook()
roster = wb.active
roster.title = '名单'
roster.append(['学号', '姓名', '班级', '支部', '加入日期'])
roster.append([202501001, '张三', '计科1班', '第一支部', datetime.date(2025, 9, 1)])
roster.append([202501002, '李四', '计科2班', '第二支部', datetime.date(2025, 9, 2)])
checkins = wb.create_sheet('打卡')
checkins.append(['计算机学院打卡记录'])
checkins.append([])
checkins.append(['学号', '打卡时间', '时刻', '日期', '精选', '分数', '公式', '备注'])
checkins.append([2025010012345, datetime.datetime(2026, 11, 3, 8, 52), datetime.time(8, 52),
                 datetime.date(2026, 11, 3), True, 0.1, '=1+2', '多行\n文本'])
checkins.append([202501002, datetime.datetime(2026, 11, 4, 23, 59, 59), datetime.time(23, 59, 59),
                 datetime.date(2026, 11, 4), False, 1e-7, '=F5*3', ''])
wb.save(sys.argv[1])
PY
soffice --headless --convert-to xls --outdir "$work" "$work/two-sheets.xlsx"
cp "$work/two-sheets.xls" two-sheets.xls

# locked.xls: checkins.xls saved again with the password "secret", by a
# LibreOffice Basic macro in a throw-away profile (--convert-to cannot set
# a password).
profile="$work/profile"
soffice -env:UserInstallation="file://$profile" --headless --terminate_after_init
cat > "$profile/user/basic/Standard/Module1.xba" <<'XBA'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveWithPassword(inUrl As String, outUrl As String)
  Dim loadArgs(0) As New com.sun.star.beans.PropertyValue
  loadArgs(0).Name = &quot;Hidden&quot;
  loadArgs(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, loadArgs())
  Dim args(1) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;FilterName&quot;
  args(0).Value = &quot;MS Excel 97&quot;
  args(1).Name = &quot;Password&quot;
  args(1).Value = &quot;secret&quot;
  doc.storeToURL(outUrl, args())
  doc.close(True)
End Sub
</script:module>
XBA
soffice -env:UserInstallation="file://$profile" --headless --invisible \
  "macro:///Standard.Module1.SaveWithPassword(\"file://$PWD/checkins.xls\",\"file://$work/locked.xls\")"
cp "$work/locked.xls" locked.xls

# locked.xlsx: a small .xlsx encrypted with the password "secret" (an OLE2
# file holding EncryptionInfo and EncryptedPackage streams).
python3 - "$work/plain.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(['学号', '打卡时间'])
ws.append([202501001, '2026-11-03 08:52:00'])
wb.save(sys.argv[1])
PY
msoffcrypto-tool -e -p secret "$work/plain.xlsx" locked.xlsx

# gbk-table.xls: an HTML table as web back-ends save it, GBK bytes under a
# gb2312 meta (朱镕基's 镕 is in GBK, not in GB2312).
python3 - gbk-table.xls <<'PY'
import sys
html = '''<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet><x:Name>打卡记录</x:Name><x:WorksheetOptions><x:Print><x:ValidPrinterInfo /></x:Print></x:WorksheetOptions></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->
</head>
<body>
<table border="1">
<tr><td colspan="4">计算机学院 打卡记录（2026年11月）</td></tr>
<tr><th>学号</th><th>姓名</th><th>打卡时间</th><th>备注</th></tr>
<tr><td style="mso-number-format:'\\@'">202501001</td><td>朱镕基</td><td>2026-11-03 08:52:00</td><td>&lt;准时&gt;</td></tr>
<tr><td x:num>202501002</td><td>李四</td><td>2026-11-04 21:05:30</td><td>迟到&nbsp;5 分钟</td></tr>
</table>
</body>
</html>
'''
open(sys.argv[1], 'wb').write(html.encode('gbk'))
PY

# libreoffice/checkins-lo.{xlsx,xls}: libreoffice/checkins-lo.csv (a DingTalk-like
# export: 日期 beside 打卡时间, a time of day, 打卡结果 with 未打卡, a row
# without an id) saved by LibreOffice; each must read exactly as the CSV
# (Tests/ReachReadingTests/SheetRoundTripTests.swift).
for format in xlsx xls; do
    soffice --headless --infilter="CSV:44,34,76,1" --convert-to "$format" --outdir "$work" libreoffice/checkins-lo.csv
    cp "$work/checkins-lo.$format" "libreoffice/checkins-lo.$format"
done
