/** What a pgTAP file printed, judged as pg_prove would: every test ok and the plan met. */
export interface TapVerdict {
  planned: number | null;
  ran: number;
  failures: string[];
}

export function judgeTap(lines: string[]): TapVerdict {
  let planned: number | null = null;
  let ran = 0;
  const failures: string[] = [];
  lines.forEach((line, i) => {
    const plan = /^1\.\.(\d+)/.exec(line);
    if (plan) planned = Number(plan[1]);
    else if (/^ok \d+/.test(line)) ran++;
    else if (/^not ok \d+/.test(line)) {
      ran++;
      if (!/# TODO/.test(line)) failures.push([line, ...lines.slice(i + 1).filter((l, j, all) => all.slice(0, j + 1).every((x) => x.startsWith('#')))].join('\n'));
    }
  });
  if (planned === null) failures.push('no plan printed');
  else if (planned !== ran) failures.push(`planned ${planned} tests but ran ${ran}`);
  return { planned, ran, failures };
}
