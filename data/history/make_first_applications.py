# Derives first_applications_monthly_2021-2025.csv (see SOURCES.md): run from the repository root.
import csv
annual = {int(r['year']): int(r['first_applications']) for r in csv.DictReader(open('data/annual_nl_asylum_inflow.csv'))}
prof = {}
for r in csv.DictReader(open('data/nl_monthly_first_applications_by_nationality_2015-2025.csv')):
    m = r.pop('month'); prof[m] = sum(int(v) for v in r.values())
# CBS quarterly first applications (CBS news 25 Apr 2023 table; later quarters as reported, rounded)
quarters = {
 '2021Q1':2720,'2021Q2':3340,'2021Q3':8815,'2021Q4':9870,
 '2022Q1':6450,'2022Q2':7325,'2022Q3':11015,'2022Q4':10745,
 '2023Q1':6910,'2023Q2':7900,'2023Q3':10500,
 '2024Q1':9000,'2025Q1':4500,
}
def split(total, weights):
    tw = sum(weights)
    raw = [total*w/tw for w in weights]
    base = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: -(raw[i]-base[i]))[:total-sum(base)]:
        base[i]+=1
    return base
rows=[]
for y in range(2021,2026):
    qs=[f"{y}Q{k}" for k in range(1,5)]
    months=[[f"{y}-{3*(k-1)+i:02d}" for i in range(1,4)] for k in range(1,5)]
    known={q:quarters[q] for q in qs if q in quarters}
    if len(known)==4:
        qt = split(annual[y], [known[q] for q in qs])
    else:
        rest = annual[y]-sum(known.values())
        unknown=[k for k,q in enumerate(qs) if q not in known]
        ut = split(rest, [sum(prof[m] for m in months[k]) for k in unknown])
        qt=[known.get(q) for q in qs]
        for k,v in zip(unknown,ut): qt[k]=v
    for k in range(4):
        for m,v in zip(months[k], split(qt[k], [prof[m] for m in months[k]])):
            rows.append((m,v))
    print(y, qt, sum(qt))
with open('data/history/first_applications_monthly_2021-2025.csv','w') as f:
    f.write('month,first\n')
    for m,v in rows: f.write(f'{m},{v}\n')
