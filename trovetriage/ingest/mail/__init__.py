"""Reading RFC 822 / MIME mail as stolen mail really is: 8-bit headers, unknown charsets, missing
boundaries, broken base64. Nothing in here raises on bad input; the email extractor builds on it.
"""
