/**
 * CPU time and memory of one process, read from Linux's /proc (the gateway runs as a child process so
 * that these figures are its own, not the load driver's or the demo upstream's).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export interface ProcSample {
  /** User + system CPU time of the whole process (all threads), ms. */
  cpuMs: number;
  /** Resident set size now, MB. */
  rssMb: number;
  /** Peak resident set size since start or since the last resetPeakRss(), MB. */
  hwmMb: number;
}

let ticksPerSecond: number | undefined;

/** The kernel's clock-tick rate (utime/stime are counted in these), from `getconf CLK_TCK`. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const parsed = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    // Linux has used 100 on every common architecture for decades; fall back to it rather than fail.
    ticksPerSecond = Number.isInteger(parsed) && parsed > 0 ? parsed : 100;
  }
  return ticksPerSecond;
}

/**
 * utime + stime, in ticks, from the text of /proc/<pid>/stat. The command name (field 2) is in
 * parentheses and may itself contain spaces or parentheses, so fields are counted after the last ')'.
 */
export function cpuTicksFromStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name, fields restart at 3 (state): utime is field 14, stime field 15.
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable /proc stat line: ${stat.slice(0, 80)}`);
  return utime + stime;
}

/** A `Vm…:  1234 kB` line of /proc/<pid>/status, in MB. */
export function statusFieldMb(status: string, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc status`);
  return Number(match[1]) / 1024;
}

export function sampleProcess(pid: number): ProcSample {
  const ticks = cpuTicksFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    cpuMs: (ticks * 1000) / clockTicksPerSecond(),
    rssMb: statusFieldMb(status, 'VmRSS'),
    hwmMb: statusFieldMb(status, 'VmHWM'),
  };
}

/**
 * Resets the process's peak RSS (VmHWM) to its current RSS, so the next peak read belongs to one cell
 * (Linux ≥ 4.0: writing 5 to clear_refs). Returns false where that is not allowed; the peak is then
 * the process's lifetime peak.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
