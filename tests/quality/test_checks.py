"""The injection checkers see what they are meant to see."""

from advocacy.templating import phone_label

from .checks import csv_problems, html_problems, ics_problems, pdf_problems


def test_html_checker_finds_script_handlers_and_bad_urls():
    assert html_problems('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
                         '<script src="/static/js/app.js"></script>'
                         '<link rel="stylesheet" href="/static/css/app.css">') == []
    found = html_problems('<script>alert(1)</script><img src=x onerror=alert(1)>'
                          '<a href=" JaVaScRiPt:alert(1)">x</a><iframe></iframe>'
                          '<p style="color:red">x</p><meta http-equiv="refresh" content="0">')
    assert found == ["inline <script>", "<img onerror=>", "<a href= JaVaScRiPt:alert(1)>",
                     "<iframe>", "<p style=>", "<meta http-equiv>"]


def test_csv_ics_and_pdf_checkers():
    assert csv_problems('"a","\'=1+1"\r\n') == []
    assert csv_problems('"a","=1+1"\r\n"@x","-1"\r\n') == [
        "formula cell '=1+1'", "formula cell '@x'", "formula cell '-1'"]
    assert ics_problems("BEGIN:VCALENDAR\r\nSUMMARY:a\\nb\r\n  folded\r\nEND:VCALENDAR\r\n") == []
    assert ics_problems("SUMMARY:a\r\nSet-Cookie: x\r\nATTACH:y\r\n") == [
        "ICS line 'Set-Cookie: x'", "ICS line 'ATTACH:y'"]
    assert pdf_problems(b"%PDF /OpenAction [3 0 R /FitH null]") == []
    assert pdf_problems(b"%PDF /OpenAction << /S /JavaScript /JS (app.alert(1)) >>") == [
        "PDF has /JavaScript", "PDF has /JS"]
    # Compressed stream data holds any bytes, "/JS" too: only dictionaries count.
    assert pdf_problems(b"%PDF 4 0 obj << /Length 9 >>\nstream\nx/JSx\x00\xff\nendstream") == []
    assert pdf_problems(b"<< /Length 1 >>\nstream\nx\nendstream << /JS 5 0 R >>") == [
        "PDF has /JS"]


def test_phone_label():
    assert phone_label("+12025550143") == "(202) 555-0143"
    assert phone_label("+442079460958") == "+44 20 7946 0958"
    assert phone_label(None) == "" and phone_label("garbage") == "garbage"
