import JSZip from 'jszip';
import { type ChecksumAlgorithm, type FileDigest, type ReportOutput, writeWithDigest } from '../shared/report-output';
import { formatRate } from './work-report.html';
import { type WorkReportLine, type WorkReportStats } from './work-report.stats';

/**
 * The printable work report (工作开展情况报告) as a Word document (.docx, Office Open XML):
 * title, summary, a native Word line chart of the open count per day (a chart part whose cached
 * values are the figures, so Word, WPS and LibreOffice draw it without recomputing anything), and
 * the tables by sub-area and by child tenant.
 *
 * Why DOCX rather than PDF: a PDF must embed a CJK font to show Chinese at all (no CJK font is
 * installed on these machines or in the image; Debian's are 5–91 MB, see the README), while a
 * .docx only names its fonts (仿宋 / 黑体 / 宋体, present on every Chinese Windows and WPS install)
 * and stays editable — county offices correct and stamp reports in Word/WPS before filing them.
 * Printing to PDF is one click there.
 */

const NS = {
  w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  wp: 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  pkg: 'http://schemas.openxmlformats.org/package/2006/relationships',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
} as const;

const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Where the chart's series lives in the work report workbook (`writeWorkReportWorkbook`). */
export const OPEN_SERIES_SHEET = '未销号趋势';
const OPEN_SERIES_FIRST_ROW = 3;

export type WorkReportDocxOptions = {
  /**
   * The work report's .xlsx, embedded as the chart's data (Word's "Edit data" opens it). Its
   * `未销号趋势` sheet holds the dates in A and the counts in B from row 3, as the chart refers to.
   */
  embeddedWorkbook?: Buffer;
  checksum?: ChecksumAlgorithm;
};

/** XML-escaped text without the characters XML 1.0 forbids (control characters). */
export function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/gu, '')
      .replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
  );
}

type RunStyle = { font?: 'title' | 'heading' | 'body'; size?: number; bold?: boolean };

const FONTS = {
  title: { ascii: 'Times New Roman', eastAsia: '宋体' },
  heading: { ascii: 'Times New Roman', eastAsia: '黑体' },
  body: { ascii: 'Times New Roman', eastAsia: '仿宋' },
} as const;

function run(text: string, style: RunStyle = {}): string {
  const font = FONTS[style.font ?? 'body'];
  const props =
    `<w:rFonts w:ascii="${font.ascii}" w:hAnsi="${font.ascii}" w:eastAsia="${font.eastAsia}"/>` +
    (style.bold ? '<w:b/>' : '') +
    (style.size ? `<w:sz w:val="${style.size * 2}"/><w:szCs w:val="${style.size * 2}"/>` : '');
  return `<w:r><w:rPr>${props}</w:rPr><w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`;
}

function paragraph(content: string, options: { align?: 'center' | 'left' | 'both'; indent?: boolean; before?: number; after?: number; keepNext?: boolean } = {}): string {
  const props =
    (options.keepNext ? '<w:keepNext/>' : '') +
    `<w:spacing w:before="${options.before ?? 0}" w:after="${options.after ?? 0}" w:line="360" w:lineRule="auto"/>` +
    (options.indent ? '<w:ind w:firstLineChars="200" w:firstLine="640"/>' : '') +
    (options.align ? `<w:jc w:val="${options.align}"/>` : '');
  return `<w:p><w:pPr>${props}</w:pPr>${content}</w:p>`;
}

// A4 portrait, margins of the national standard for official documents (GB/T 9704: 37/35/28/26 mm).
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1587, right: 1474 };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const LINE_HEADERS = ['已排查/应排查村项', '排查覆盖率', '发现问题', '已销号', '未销号', '逾期未销号', '屡改屡犯'];

function cell(text: string, width: number, options: { header?: boolean; left?: boolean } = {}): string {
  const props = `<w:tcW w:w="${width}" w:type="dxa"/>` + (options.header ? '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>' : '') + '<w:vAlign w:val="center"/>';
  const content = run(text, { font: options.header ? 'heading' : 'body', size: 9 });
  return `<w:tc><w:tcPr>${props}</w:tcPr><w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="${options.left ? 'left' : 'center'}"/></w:pPr>${content}</w:p></w:tc>`;
}

/** The table cells of one line, as written into the document (tests read them back). */
export function lineCells(line: WorkReportLine): string[] {
  return [line.label, `${line.checkedCells}/${line.expectedCells}`, formatRate(line.coverage), ...[line.problems, line.closed, line.open, line.overdue, line.recurrences].map(String)];
}

function table(firstColumn: string, lines: readonly WorkReportLine[], total: WorkReportLine): string {
  const first = 1900;
  const rest = Math.floor((TEXT_WIDTH - first) / LINE_HEADERS.length);
  const widths = [first, ...LINE_HEADERS.map(() => rest)];
  const border = (side: string): string => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const header =
    '<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>' + [firstColumn, ...LINE_HEADERS].map((text, i) => cell(text, widths[i] ?? rest, { header: true })).join('') + '</w:tr>';
  const row = (line: WorkReportLine, bold: boolean): string =>
    '<w:tr><w:trPr><w:cantSplit/></w:trPr>' +
    lineCells(line)
      .map((text, i) => cell(text, widths[i] ?? rest, { header: bold, left: i === 0 }))
      .join('') +
    '</w:tr>';
  return (
    '<w:tbl><w:tblPr>' +
    `<w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>` +
    `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>` +
    '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>' +
    `</w:tblPr><w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` +
    header +
    lines.map((line) => row(line, false)).join('') +
    row(total, true) +
    '</w:tbl>'
  );
}

// The chart: 16 cm × 8 cm (EMU).
const CHART_EXTENT = { cx: 5760000, cy: 2880000 };
const CHART_REL_ID = 'rIdChart1';

function chartDrawing(): string {
  return (
    '<w:r><w:drawing>' +
    `<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${CHART_EXTENT.cx}" cy="${CHART_EXTENT.cy}"/>` +
    '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="1" name="未销号问题数变化" descr="未销号问题数变化折线图"/><wp:cNvGraphicFramePr/>' +
    `<a:graphic xmlns:a="${NS.a}"><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="${CHART_REL_ID}"/></a:graphicData></a:graphic>` +
    '</wp:inline></w:drawing></w:r>'
  );
}

function sheetRef(column: 'A' | 'B', rows: number): string {
  const last = OPEN_SERIES_FIRST_ROW + Math.max(rows, 1) - 1;
  return `'${OPEN_SERIES_SHEET}'!$${column}$${OPEN_SERIES_FIRST_ROW}:$${column}$${last}`;
}

/** The chart part: one line series, categories = dates, values = open count, with cached values. */
export function renderOpenCountChartXml(series: WorkReportStats['openSeries'], embedded: boolean): string {
  const count = series.length;
  const categories = series.map((point, i) => `<c:pt idx="${i}"><c:v>${xmlText(point.date)}</c:v></c:pt>`).join('');
  const values = series.map((point, i) => `<c:pt idx="${i}"><c:v>${point.open}</c:v></c:pt>`).join('');
  const textProps = (size: number): string =>
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}"><a:latin typeface="Times New Roman"/><a:ea typeface="宋体"/></a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>' +
    '<c:chart>' +
    '<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>' +
    '<a:r><a:rPr lang="zh-CN" altLang="en-US" sz="1200" b="1"><a:ea typeface="黑体"/></a:rPr><a:t>未销号问题数变化</a:t></a:r></a:p></c:rich></c:tx>' +
    '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>' +
    '<c:plotArea><c:layout/>' +
    '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>' +
    '<c:ser><c:idx val="0"/><c:order val="0"/>' +
    `<c:tx><c:strRef><c:f>'${OPEN_SERIES_SHEET}'!$B$2</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>未销号问题数</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
    '<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="C00000"/></a:solidFill><a:round/></a:ln></c:spPr>' +
    `<c:marker><c:symbol val="${count > 31 ? 'none' : 'circle'}"/>${count > 31 ? '' : '<c:size val="4"/>'}</c:marker>` +
    `<c:cat><c:strRef><c:f>${sheetRef('A', count)}</c:f><c:strCache><c:ptCount val="${count}"/>${categories}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${sheetRef('B', count)}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${count}"/>${values}</c:numCache></c:numRef></c:val>` +
    '<c:smooth val="0"/></c:ser>' +
    '<c:marker val="1"/><c:axId val="50010001"/><c:axId val="50010002"/></c:lineChart>' +
    '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>' +
    '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    `${textProps(900)}<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    '<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>' +
    '<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>' +
    '<c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    `${textProps(900)}<c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    '</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>' +
    (embedded ? '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>' : '') +
    '</c:chartSpace>'
  );
}

/** The summary sentence (the same figures as the HTML rendering). */
export function workReportSummary(stats: WorkReportStats): string {
  const { total } = stats;
  return (
    `截至${stats.asOf}，${stats.tenantName}共排查 ${total.checkedCells} 个村项（应排查 ${total.expectedCells} 个，覆盖率 ${formatRate(total.coverage)}），` +
    `发现问题 ${total.problems} 个，已销号 ${total.closed} 个，未销号 ${total.open} 个，其中逾期未销号 ${total.overdue} 个，屡改屡犯 ${total.recurrences} 个。`
  );
}

function documentXml(stats: WorkReportStats): string {
  const last = stats.openSeries[stats.openSeries.length - 1];
  const first = stats.openSeries[0];
  const peak = stats.openSeries.reduce((max, point) => (point.open > max.open ? point : max), first ?? { date: stats.asOf, open: 0 });
  const trend =
    first && last
      ? `${first.date}至${last.date}，未销号问题由 ${first.open} 个变为 ${last.open} 个，最多时为 ${peak.open} 个（${peak.date}）。`
      : '统计区间内没有数据。';
  const heading = (text: string): string => paragraph(run(text, { font: 'heading', size: 16 }), { before: 120, after: 60, keepNext: true });
  const caption = (text: string): string => paragraph(run(text, { font: 'heading', size: 10.5 }), { align: 'center', before: 60, after: 60, keepNext: true });
  const body = [
    paragraph(run(stats.title, { font: 'title', size: 22, bold: true }), { align: 'center', after: 240 }),
    paragraph(run(workReportSummary(stats), { size: 16 }), { indent: true, align: 'both' }),
    heading('一、未销号问题数变化'),
    paragraph(run(trend, { size: 16 }), { indent: true, align: 'both', keepNext: true }),
    paragraph(chartDrawing(), { align: 'center', keepNext: true }),
    caption(`图1 未销号问题数变化（截至${stats.asOf}未销号问题 ${last ? last.open : 0} 个）`),
    heading('二、分项统计'),
    caption('表1 按分项统计'),
    table('分项', stats.bySubArea, stats.total),
    heading(`三、分${stats.childLabel}统计`),
    caption(`表2 按${stats.childLabel}统计`),
    table(stats.childLabel, stats.byChild, stats.total),
    paragraph(run('注：已排查/应排查为村×排查项目（逐村逐项）；逾期未销号为整改时限已过仍未销号的问题；屡改屡犯为已销号后同村同项再次发现的问题。', { size: 10.5 }), {
      before: 120,
    }),
  ].join('');
  const section =
    `<w:sectPr><w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${PAGE.top}" w:right="${PAGE.right}" w:bottom="${PAGE.bottom}" w:left="${PAGE.left}" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<w:document xmlns:w="${NS.w}" xmlns:r="${NS.r}" xmlns:wp="${NS.wp}"><w:body>${body}${section}</w:body></w:document>`
  );
}

const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<w:styles xmlns:w="${NS.w}"><w:docDefaults><w:rPrDefault><w:rPr>` +
  '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋" w:cs="Times New Roman"/>' +
  '<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>' +
  '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
  '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>' +
  '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
  '</w:styles>';

function contentTypesXml(embedded: boolean): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    (embedded ? `<Default Extension="xlsx" ContentType="${XLSX_CONTENT_TYPE}"/>` : '') +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
    '<Override PartName="/word/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    '</Types>'
  );
}

function relationships(items: readonly { id: string; type: string; target: string }[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<Relationships xmlns="${NS.pkg}">${items.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`).join('')}</Relationships>`
  );
}

function coreXml(stats: WorkReportStats): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    `<dc:title>${xmlText(stats.title)}</dc:title><dc:creator>Rectify</dc:creator></cp:coreProperties>`
  );
}

const APP_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Rectify</Application></Properties>';

/** Every zip entry gets this date, so the same figures give the same bytes. */
const ZIP_DATE = new Date(Date.UTC(2000, 0, 1));

/** The .docx bytes of a work report (deterministic: the same stats and workbook give the same bytes). */
export async function renderWorkReportDocx(stats: WorkReportStats, options: Pick<WorkReportDocxOptions, 'embeddedWorkbook'> = {}): Promise<Buffer> {
  const embedded = options.embeddedWorkbook !== undefined;
  const zip = new JSZip();
  const add = (name: string, content: string | Buffer): void => {
    zip.file(name, content, { date: ZIP_DATE, createFolders: false });
  };
  add('[Content_Types].xml', contentTypesXml(embedded));
  add(
    '_rels/.rels',
    relationships([
      { id: 'rId1', type: `${NS.rel}/officeDocument`, target: 'word/document.xml' },
      { id: 'rId2', type: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', target: 'docProps/core.xml' },
      { id: 'rId3', type: `${NS.rel}/extended-properties`, target: 'docProps/app.xml' },
    ]),
  );
  add('docProps/core.xml', coreXml(stats));
  add('docProps/app.xml', APP_XML);
  add('word/document.xml', documentXml(stats));
  add('word/styles.xml', STYLES_XML);
  add(
    'word/_rels/document.xml.rels',
    relationships([
      { id: 'rIdStyles', type: `${NS.rel}/styles`, target: 'styles.xml' },
      { id: CHART_REL_ID, type: `${NS.rel}/chart`, target: 'charts/chart1.xml' },
    ]),
  );
  add('word/charts/chart1.xml', renderOpenCountChartXml(stats.openSeries, embedded));
  if (options.embeddedWorkbook !== undefined) {
    add('word/charts/_rels/chart1.xml.rels', relationships([{ id: 'rId1', type: `${NS.rel}/package`, target: '../embeddings/Microsoft_Excel_Worksheet.xlsx' }]));
    add('word/embeddings/Microsoft_Excel_Worksheet.xlsx', options.embeddedWorkbook);
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** Writes the .docx work report to `output` and returns its digest. */
export async function writeWorkReportDocx(stats: WorkReportStats, output: ReportOutput, options: WorkReportDocxOptions = {}): Promise<FileDigest> {
  const bytes = await renderWorkReportDocx(stats, options);
  return writeWithDigest(output, options.checksum ?? 'sm3', async (stream) => {
    await new Promise<void>((resolve, reject) => {
      stream.end(bytes, (error?: Error | null) => (error ? reject(error) : resolve()));
    });
  });
}
