"""Serving people's files (meter photos, ticket attachments): only through views that checked
who is asking, never cached by the browser or a proxy, never sniffed into another type."""

from django.http import FileResponse, HttpResponse


def private_file_response(
    content, *, content_type: str, filename: str = "", as_attachment: bool = False
) -> HttpResponse:
    """`content`: bytes or an open binary file. PDFs should go as attachments (a PDF shown
    inline can carry scripts)."""
    if isinstance(content, bytes | bytearray | memoryview):
        response = HttpResponse(bytes(content), content_type=content_type)
        if as_attachment:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = FileResponse(
            content, content_type=content_type, filename=filename, as_attachment=as_attachment
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
