"""The whole course as a SCORM package for an organisation's learning platform (LMS).

`build(project, bank, site, fmt)` zips the built site (`_build/html`) as one SCO:

- `imsmanifest.xml`: one organization (the default) with one item that points to one resource,
  `adlcp:scormtype="sco"` (2004: `adlcp:scormType`), whose `href` is the launch page; the mastery
  score is the course's pass mark as a percentage (`scoring.PASS_MARK`); the SCORM schemas are
  shipped beside it, unchanged (see `schemas/scorm12/README.md` for where they come from);
- the launch page (`LAUNCH_PAGE`, `templates/scorm-launch.html`) holds the one LMS session of a
  launch (`static/s3kurs-scorm-launch.js`) and shows the course in a frame, with the question
  bank's fingerprints for the progress codec (`static/s3kurs-scorm-codec.js`);
- every course page loads the adapter (`static/s3kurs-scorm.js`) right after the JS core: in the
  launch page's frame it hands the learner's progress to the session; anywhere else it does
  nothing, so the pages behave as on the site.

The site must be built from the bank as it is now (`check_site`). `validate(manifest, fmt)`
checks a manifest against the schemas with lxml (a dev dependency), using a copy with the patch
documented in `VERSIONS[...].patches` (and `schemas/scorm12/README.md`) where the original schemas
trip libxml2.
"""
from __future__ import annotations

import hashlib
import html
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction
from io import BytesIO
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from . import scoring
from .i18n import N_, _
from .project import Project
from .templating import json_for_script, template

STATIC = Path(__file__).parent / "static"
SCHEMAS = Path(__file__).parent / "schemas"
LAUNCH_PAGE = "s3kurs-scorm.html"
LAUNCH_SCRIPTS = ("s3kurs-core.js", "s3kurs-scorm-codec.js", "s3kurs-scorm-launch.js")
ADAPTER = "s3kurs-scorm.js"
SKIP = {".buildinfo"}
NOT_PAGES = ("_static/", "_sources/", "_images/")  # folders whose HTML files are not course pages
BANK_IN_PAGE = re.compile(r'"bank":"([0-9a-f]{12})"')
CORE_TAG = re.compile(r'<script\b[^>]*\bsrc="(?:\.\./)*_static/s3kurs-core\.js(?:\?v=[0-9a-f]+)?"[^>]*>\s*</script>')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
REDIRECT = re.compile(r'http-equiv="Refresh"\s+content="0;\s*url=([^"]+)"', re.I)

# What the launch page tells the learner, by the name its script uses.
STRINGS = {
    "lmsError": N_("The learning platform did not save your progress just now (error code {code}). Your answers "
                   "are kept in this browser and are sent again with your next answer."),
    "noSession": N_("The course could not connect to the learning platform (error code {code}). The course works, "
                    "but nothing is reported, and your answers are kept only in this browser."),
    "noLms": N_("No learning platform was found. The course works, but nothing is reported, and your answers are "
                "kept only in this browser."),
    "bankChanged": N_("The course has been updated. Your answers to {count} questions that have changed or been "
                      "removed no longer count; all your other answers are kept."),
    "bankChangedNone": N_("The course has been updated. All your answers are kept."),
    "unreadable": N_("The progress saved in the learning platform could not be read. The course goes on from what "
                     "this browser has saved."),
    "resumeText": N_("Last time you were on the page {title}."),
}


class ScormError(Exception):
    """A problem the user can fix; the message is one line, for the command line."""


@dataclass(frozen=True)
class Version:
    """One SCORM version: its schemas (shipped unchanged in every package) and how to validate."""
    name: str
    folder: str
    schemas: tuple[str, ...]          # shipped at the package's root
    imports: tuple[tuple[str, str], ...]  # (namespace, schema file) that a manifest is validated against
    patches: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


VERSIONS = {
    "scorm12": Version(
        "1.2", "scorm12",
        ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"),
        (("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
         ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
         ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd")),
        patches={
            # grp.any allows elements of ##any namespace after optional elements of the schema's own
            # namespace, which breaks XML Schema 1.0's Unique Particle Attribution rule; libxml2 refuses
            # the schema set ("The content model is not determinist", reported first as "xml namespace
            # URI cannot be the default namespace" about ims_xml.xsd). ##other, as in later IMS metadata
            # schemas, keeps extension elements and makes the content models deterministic.
            "imsmd_rootv1p2p1.xsd": (('<xsd:any namespace="##any" processContents="strict"',
                                      '<xsd:any namespace="##other" processContents="strict"'),),
        }),
    "scorm2004": Version(
        "2004 4th Edition", "scorm2004",
        ("imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", "imsss_v1p0.xsd",
         "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd", "imsss_v1p0delivery.xsd", "imsss_v1p0limit.xsd",
         "imsss_v1p0objective.xsd", "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd", "imsss_v1p0seqrule.xsd",
         "imsss_v1p0util.xsd", "xml.xsd", "XMLSchema.dtd", "datatypes.dtd"),
        (("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
         ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
         ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
         ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
         ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"))),
}
FORMATS = tuple(VERSIONS)


def mastery_score() -> int:
    """The pass mark as a whole percentage, for the LMS's mastery score. The course reports the
    score rounded down (`scoring.percent`), so "percent ≥ mastery score" agrees with
    `scoring.passed` exactly when the pass mark is a whole percentage."""
    share = Fraction(scoring.PASS_MARK) * 100
    if share.denominator != 1:
        raise ValueError(f"the pass mark {scoring.PASS_MARK} is not a whole percentage: an LMS could not judge it")
    return int(share)


# -- the built site ----------------------------------------------------------------------

def default_site(project: Project) -> Path:
    return project.root / "_build" / "html"


def default_output(project: Project, fmt: str) -> Path:
    return project.root / "_build" / f"s3kurs-{fmt}.zip"


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith(NOT_PAGES))


def check_site(site: Path, bank) -> None:
    """Stop (ScormError) unless *site* is a course site built from *bank* as it is now."""
    if not (site / "index.html").is_file():
        raise ScormError(_("There is no built site in {site}: build it first with 'make book'.").format(site=site))
    built = {version for page in _pages(site) for version in BANK_IN_PAGE.findall(page.read_text(encoding="utf-8"))}
    if not built:
        raise ScormError(_("The site in {site} has no questions from the bank: build it again with 'make book'.").format(
            site=site))
    if built != {bank.version}:
        raise ScormError(_("The site in {site} was built from another version of the question bank ({built}; the "
                           "bank is now {current}): build it again with 'make book'.").format(
            site=site, built=", ".join(sorted(built)), current=bank.version))


def start_page(site: Path) -> str:
    """The page the course opens on: where the site's index.html redirects to (or index.html)."""
    text = (site / "index.html").read_text(encoding="utf-8")
    found = REDIRECT.search(text)
    return found.group(1) if found else "index.html"


def page_titles(site: Path, suffix: str) -> dict[str, str]:
    """Each course page's title (without the site's name), by its path in the package."""
    titles = {}
    for page in _pages(site):
        found = TITLE.search(page.read_text(encoding="utf-8"))
        if not found:
            continue
        title = html.unescape(" ".join(found.group(1).split()))
        for ending in (" \u2014 " + suffix, " - " + suffix):
            title = title.removesuffix(ending)
        titles[page.relative_to(site).as_posix()] = title
    return titles


def add_adapter(page: str, depth: int, version: str) -> str:
    """*page* with the adapter loaded right after the JS core (with the core where the page has none)."""
    prefix = "../" * depth
    adapter = f'<script defer="defer" src="{prefix}_static/{ADAPTER}?v={version}"></script>'
    found = CORE_TAG.search(page)
    if found:
        return page[: found.end()] + adapter + page[found.end():]
    head = page.find("</head>")
    if head < 0:
        return page  # e.g. the redirecting index.html
    core = f'<script defer="defer" src="{prefix}_static/s3kurs-core.js"></script>'
    return page[:head] + core + adapter + page[head:]


# -- the package's own files ---------------------------------------------------------------

def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


def launch_page(fmt: str, title: str, start: str, bank, pages: dict[str, str]) -> str:
    data = {
        "scorm": "2004" if fmt == "scorm2004" else "1.2",
        "start": start,
        "bank": {"version": bank.version, "hashes": bank.hashes, "modules": bank.module_map()},
        "rule": scoring.rule(),
        "pages": pages,
        "strings": {name: _(msgid) for name, msgid in STRINGS.items()},
    }
    scripts = [f"_static/{name}?v={_digest((STATIC / name).read_bytes())}" for name in LAUNCH_SCRIPTS]
    return template("scorm-launch.html").render(title=title, data=json_for_script(data), scripts=scripts, start=start)


def manifest(fmt: str, title: str, files: list[str]) -> str:
    """imsmanifest.xml for one SCO whose launch page is LAUNCH_PAGE; *files* are listed in its resource."""
    listed = "\n".join(f'      <file href={quoteattr(quote(name))}/>' for name in files)
    name = escape(title)
    if fmt == "scorm12":
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="s3kurs" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
    <imsmd:lom>
      <imsmd:general>
        <imsmd:title><imsmd:langstring xml:lang="sv">{name}</imsmd:langstring></imsmd:title>
        <imsmd:language>sv</imsmd:language>
      </imsmd:general>
    </imsmd:lom>
  </metadata>
  <organizations default="s3kurs-org">
    <organization identifier="s3kurs-org">
      <title>{name}</title>
      <item identifier="s3kurs-item" identifierref="s3kurs-sco" isvisible="true">
        <title>{name}</title>
        <adlcp:masteryscore>{mastery_score()}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="s3kurs-sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH_PAGE}">
{listed}
    </resource>
  </resources>
</manifest>
"""
    measure = Fraction(mastery_score(), 100)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="s3kurs" version="1.0"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="s3kurs-org">
    <organization identifier="s3kurs-org">
      <title>{name}</title>
      <item identifier="s3kurs-item" identifierref="s3kurs-sco" isvisible="true">
        <title>{name}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="s3kurs-slutprov" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{float(measure)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="s3kurs-sco" type="webcontent" adlcp:scormType="sco" href="{LAUNCH_PAGE}">
{listed}
    </resource>
  </resources>
</manifest>
"""


def course_title(project: Project) -> str:
    import yaml

    config = yaml.safe_load((project.root / "_config.yml").read_text(encoding="utf-8")) or {}
    return str(config.get("title") or "s3kurs")


def build(project: Project, bank, fmt: str, site: Path | None = None) -> tuple[bytes, int]:
    """The SCORM package of the built site as zip bytes, and how many files it holds."""
    version = VERSIONS[fmt]
    site = site or default_site(project)
    check_site(site, bank)
    title = course_title(project)
    adapter_version = _digest((STATIC / ADAPTER).read_bytes())
    files: dict[str, bytes] = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or name in SKIP:
            continue
        data = path.read_bytes()
        if path.suffix == ".html" and not name.startswith(NOT_PAGES):
            data = add_adapter(data.decode("utf-8"), name.count("/"), adapter_version).encode("utf-8")
        files[name] = data
    for name in (*LAUNCH_SCRIPTS, ADAPTER):
        files[f"_static/{name}"] = (STATIC / name).read_bytes()
    files[LAUNCH_PAGE] = launch_page(fmt, title, start_page(site), bank, page_titles(site, title)).encode("utf-8")
    text = manifest(fmt, title, sorted(files)).encode("utf-8")
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = [("imsmanifest.xml", text)]
        entries += [(name, (SCHEMAS / version.folder / name).read_bytes()) for name in version.schemas]
        entries += sorted(files.items())
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue(), len(entries)


# -- validation (tests; lxml is a dev dependency) ------------------------------------------

def patched_schemas(fmt: str, folder: Path) -> Path:
    """The version's schemas written to *folder* with PATCHES applied, and a driver schema that
    imports every namespace a manifest uses; returns the driver's path."""
    version = VERSIONS[fmt]
    for name in version.schemas:
        text = (SCHEMAS / version.folder / name).read_bytes().decode("utf-8")
        for old, new in version.patches.get(name, ()):
            if text.count(old) != 1:
                raise ValueError(f"the patch for {name} no longer applies: {old!r}")
            text = text.replace(old, new)
        (folder / name).write_text(text, encoding="utf-8")
    imports = "\n".join(f'  <xsd:import namespace="{ns}" schemaLocation="{name}"/>' for ns, name in version.imports)
    driver = folder / "s3kurs-manifest-driver.xsd"
    driver.write_text(f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n{imports}\n</xsd:schema>\n',
                      encoding="utf-8")
    return driver


def validate(manifest_xml: bytes, fmt: str) -> list[str]:
    """Schema errors in *manifest_xml* (an empty list when it is valid)."""
    from lxml import etree

    with tempfile.TemporaryDirectory() as tmp:
        driver = patched_schemas(fmt, Path(tmp))
        parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
        schema = etree.XMLSchema(etree.parse(str(driver), parser))
        document = etree.fromstring(manifest_xml, parser)
        if schema.validate(document):
            return []
        return [f"line {error.line}: {error.message}" for error in schema.error_log]
