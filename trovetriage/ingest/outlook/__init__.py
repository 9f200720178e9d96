"""Reading Outlook .msg files (OLE compound documents) with extract-msg, quietly and without raising
on the damaged or fuzzed files a stolen trove is full of. The msg extractor builds on it.
"""
