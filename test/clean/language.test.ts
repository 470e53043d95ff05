// Language of a report: only English is coded, so other languages must be recognised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, detectLanguage } from '../../src/clean/index.js';

const CASES: [string, string][] = [
  ['ar', 'قصفت قوات النظام السوري بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل مدنيين اثنين وإصابة آخرين'],
  ['tr', "Suriye'nin kuzeyindeki İdlib ilçesinde bir saldırı düzenlendi ve iki sivil hayatını kaybetti. Bu saldırı için rejim güçleri sorumlu tutuluyor."],
  ['ku', 'Hêzên rejîma Sûriyê êrişî gundê li başûrê Idlibê kirin û du sivîl hatin kuştin. Ev êriş ji aliyê artêşê ve hat kirin.'],
  ['fr', "Les forces du régime syrien ont bombardé la ville de Kafranbel dans la province d'Idleb, selon l'Observatoire, et deux civils ont été tués."],
  ['de', 'Die syrische Armee hat nach Angaben der Beobachtungsstelle die Stadt Idlib beschossen, dabei wurden zwei Zivilisten getötet.'],
  ['ru', 'Сирийская армия нанесла удар по позициям боевиков в провинции Идлиб.'],
  ['fa', 'نیروهای ارتش سوریه به مواضع تروریست‌ها در استان ادلب حمله کردند و چند نفر کشته شدند'],
  ['en', 'Regime forces shelled the town of Tamanaah in southern Idleb, damaging buildings. No fatalities reported.'],
  ['en', 'Clashes took place between HTS fighters and JTS members in Talamnas.'],
  // English quoting Arabic, Turkish and French names stays English
  ['en', 'The group, known in Arabic as هيئة تحرير الشام, clashed with the Jaysh al-Izza near Kafr Zita; Türkiye’s ministry said the Sûreté was informed.'],
];

test('languages are told apart by script and common words', () => {
  for (const [want, text] of CASES) assert.equal(detectLanguage(text), want, text.slice(0, 40));
});

test('CleanDocument.language carries it', () => {
  assert.equal(clean({ id: 'a', text: CASES[0][1] }).language, 'ar');
  assert.equal(clean({ id: 'e', text: CASES[7][1] }).language, 'en');
});
