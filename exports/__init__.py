"""PDF and spreadsheet writers and the spreadsheet importer (headless, Qt-free). Filled by the export issue."""
