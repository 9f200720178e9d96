"""Modules the PyInstaller bundle must carry although no code imports them by name.

Extractors are plug-ins found through the `trovetriage.extractors` entry points at run time, so
PyInstaller's import scan never sees them. The spec adds these as hidden imports, and
tests/test_packaging.py fails when a module is added to trovetriage/ingest/extractors/ or to the
entry points without being listed here. Plain data: the spec and the test read it without Qt.
"""

EXTRACTOR_MODULES: tuple[str, ...] = (
    "trovetriage.ingest.extractors",
    "trovetriage.ingest.extractors.ace",
    "trovetriage.ingest.extractors.base",
    "trovetriage.ingest.extractors.compressed",
    "trovetriage.ingest.extractors.email_header_cache",
    "trovetriage.ingest.extractors.email_rfc822",
    "trovetriage.ingest.extractors.encrypted_blob",
    "trovetriage.ingest.extractors.html",
    "trovetriage.ingest.extractors.iso",
    "trovetriage.ingest.extractors.lzw",
    "trovetriage.ingest.extractors.mbox",
    "trovetriage.ingest.extractors.member_names",
    "trovetriage.ingest.extractors.ms_ansi",
    "trovetriage.ingest.extractors.odf",
    "trovetriage.ingest.extractors.odf_embedded",
    "trovetriage.ingest.extractors.office_xml",
    "trovetriage.ingest.extractors.ole_content",
    "trovetriage.ingest.extractors.ole_objects",
    "trovetriage.ingest.extractors.ole_office",
    "trovetriage.ingest.extractors.ole_properties",
    "trovetriage.ingest.extractors.ooxml",
    "trovetriage.ingest.extractors.ooxml_meta",
    "trovetriage.ingest.extractors.outlook_msg",
    "trovetriage.ingest.extractors.pdf",
    "trovetriage.ingest.extractors.pdf_info",
    "trovetriage.ingest.extractors.ppt_binary",
    "trovetriage.ingest.extractors.pst",
    "trovetriage.ingest.extractors.rar",
    "trovetriage.ingest.extractors.rtf",
    "trovetriage.ingest.extractors.rtf_objects",
    "trovetriage.ingest.extractors.scoring",
    "trovetriage.ingest.extractors.sevenzip",
    "trovetriage.ingest.extractors.sevenzip_reader",
    "trovetriage.ingest.extractors.single_stream",
    "trovetriage.ingest.extractors.streams",
    "trovetriage.ingest.extractors.tar",
    "trovetriage.ingest.extractors.text",
    "trovetriage.ingest.extractors.tnef",
    "trovetriage.ingest.extractors.tnef_bounds",
    "trovetriage.ingest.extractors.volumes",
    "trovetriage.ingest.extractors.word_binary",
    "trovetriage.ingest.extractors.xls_cells",
    "trovetriage.ingest.extractors.xlsb_cells",
    "trovetriage.ingest.extractors.zip",
)
