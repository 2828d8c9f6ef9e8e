"""Word summary (summary.docx) in GB/T 9704 house style."""
