"""The bench's inputs: each page as HTML (a .txt page as one <p> a line) beside its expected fields."""
import html, json, os, shutil, sys

pages, fixtures, out = sys.argv[1:4]
for name in sorted(os.listdir(pages)):
    stem, ext = os.path.splitext(name)
    if ext not in (".txt", ".html"):
        continue
    expected = os.path.join(pages, stem + ".expected.json")
    if stem == "seed-page":
        seed = json.load(open(os.path.join(fixtures, "seed-article.json"), encoding="utf-8"))
        photo = seed["photos"][0]
        exp = dict(title=seed["title"], publish_at=seed["publish_at"], source=seed["source"], editor=seed["editor"],
                   captions=[dict(caption=photo["caption"], credit=photo["credit"])])
    elif os.path.exists(expected):
        exp = json.load(open(expected, encoding="utf-8"))
    else:
        continue
    target = os.path.join(out, stem + ".html")
    if ext == ".html":
        shutil.copy(os.path.join(pages, name), target)
    else:
        text = open(os.path.join(pages, name), encoding="utf-8").read()
        body = "\n".join("<p>%s</p>" % html.escape(l) for l in text.splitlines() if l.strip())
        open(target, "w", encoding="utf-8").write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n%s\n</body></html>\n" % body)
    json.dump(exp, open(os.path.join(out, stem + ".expected.json"), "w", encoding="utf-8"), ensure_ascii=False)
