// fhir.mjs BUNDLE CAT: checks a FHIR export with an independent validator (the fhir npm
// package, FHIR R4) and for what the issue asks it to hold: the Patient with the patient-animal
// extension and species cat, Observations for leaks, stool score, weight in UCUM kg and the
// grimace score, the CarePlan, and the last check's answers as a QuestionnaireResponse.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const [file, cat] = process.argv.slice(2);
const b = JSON.parse(readFileSync(file, 'utf8'));
const bad = [];
const v = new Fhir().validate(b);
for (const m of v.messages.filter((m) => m.severity === 'error')) bad.push(`validator: ${m.location}: ${m.message}`);
if (!v.valid) bad.push('the validator says it is not valid');
const res = (t) => b.entry.map((e) => e.resource).filter((r) => r.resourceType === t);
if (b.resourceType !== 'Bundle' || b.type !== 'collection') bad.push('not a collection Bundle');
const urls = b.entry.map((e) => e.fullUrl);
if (new Set(urls).size !== urls.length || urls.some((u) => !/^urn:uuid:[0-9a-f-]{36}$/.test(u))) bad.push('fullUrls not unique urn:uuids');
const [p] = res('Patient');
const animal = p && (p.extension || []).find((x) => x.url === 'http://hl7.org/fhir/StructureDefinition/patient-animal');
const species = animal && animal.extension.find((x) => x.url === 'species');
if (!species || species.valueCodeableConcept.coding[0].code !== '448169003') bad.push('no patient-animal extension with species cat (SNOMED CT 448169003)');
if (!p || p.name[0].text !== cat) bad.push(`the Patient's name is not ${cat}`);
const obs = res('Observation');
const about = (re) => obs.filter((o) => re.test(o.code.text || ''));
const weight = obs.filter((o) => (o.code.coding || []).some((c) => c.system === 'http://loinc.org' && c.code === '29463-7'));
if (!weight.length || weight.some((o) => o.valueQuantity.system !== 'http://unitsofmeasure.org' || o.valueQuantity.code !== 'kg')) bad.push('no weight in UCUM kg');
if (!about(/leak/i).length) bad.push('no leak');
if (!about(/Fecal score/).some((o) => Number.isInteger(o.valueInteger))) bad.push('no stool score');
if (!about(/Grimace/).some((o) => typeof o.valueQuantity?.value === 'number' && o.component?.length)) bad.push('no grimace score with its action units');
const refs = new Set(urls);
for (const r of b.entry.map((e) => e.resource).filter((r) => r.subject)) if (!refs.has(r.subject.reference)) bad.push(`${r.resourceType}: subject not in the Bundle`);
const [cp] = res('CarePlan');
if (!cp || !cp.activity?.some((a) => a.detail.scheduledTiming?.repeat?.frequency === 3)) bad.push('no CarePlan with a care item three times a day');
const [qr] = res('QuestionnaireResponse');
if (!qr || !qr.item?.length || qr.item.some((i) => !i.text || !i.answer?.length)) bad.push('no QuestionnaireResponse with worded questions and answers');
if (bad.length) { console.log('FAIL fhir:\n  ' + bad.join('\n  ')); process.exit(1); }
console.log(`fhir: valid R4 Bundle of ${b.entry.length} resources (${[...new Set(b.entry.map((e) => e.resource.resourceType))].join(', ')})`);
