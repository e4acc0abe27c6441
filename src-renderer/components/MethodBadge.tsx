export function MethodBadge({ method }: { method: string }) {
  return <span className={`method ${method}`}>{method}</span>;
}

export function StatusCode({ status }: { status: number }) {
  return <span className={`status-code s${String(status)[0]}`}>{status}</span>;
}
