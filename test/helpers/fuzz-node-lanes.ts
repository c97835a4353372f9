// Where the node fuzzer's cases go: WebSocket and HTTP lanes, each with one case in flight. A lane
// checks each reply against the case's expectations (id, result or error, batch shape), keeps the
// subscriptions a reply opened, and checks every notification: for a live subscription of its own
// connection, never before the subscribe reply or after the unsubscribe.
import { once } from 'node:events'
import { Agent, request } from 'node:http'
import WebSocket from 'ws'
import type { RpcErrorJson } from './fuzz-node-oracle.ts'

/** A request id. */
export type Id = string | number | null

/** A response object as it arrives. */
export interface RpcResponse {
  readonly jsonrpc?: unknown
  readonly id?: unknown
  readonly result?: unknown
  readonly error?: RpcErrorJson
}

/** A subscription a successful subscribe reply opens. */
export interface SubscriptionSpec {
  /** The canonical subscribe method. */
  readonly method: string
  /** The notification method. */
  readonly notification: string
  /** Unsubscribe names. */
  readonly unsubscribe: readonly string[]
  /** Checks the first notification's result; `undefined` when none comes at once. */
  readonly first?: (result: unknown) => string | undefined
  /** For author watches: the transaction's key. */
  readonly watchKey?: string
}

/** What one request must get back. */
export interface Expect {
  readonly id: Id
  /** Outcome class, for the counts. */
  readonly label: string
  /** Checks the result or error; returns a problem. */
  check(error: RpcErrorJson | undefined, result: unknown): string | undefined
  /** Runs once the reply is in (whether or not it was right). */
  after?(error: RpcErrorJson | undefined, result: unknown): void
  /** A subscribe call: a string result opens this subscription. */
  readonly subscribes?: SubscriptionSpec
  /** An unsubscribe call of this id: `true` ends it. */
  readonly unsubscribes?: string
}

/** What a case gets back: one reply, a batch of replies, or nothing (notifications only). */
export type Shape =
  | { readonly type: 'single'; readonly expect: Expect }
  | { readonly type: 'batch'; readonly expects: readonly Expect[] }
  | { readonly type: 'none' }

/** One message to send and what must come back. */
export interface Case {
  readonly text: string
  readonly shape: Shape
  /** Requests inside (a batch holds several). */
  readonly requests: number
}

/** A subscription a lane opened, with what it heard. */
export interface OpenedSubscription {
  readonly id: string
  readonly spec: SubscriptionSpec
  readonly notifications: unknown[]
  ended: boolean
}

/** What generating a case may look at. */
export interface LaneView {
  readonly transport: 'ws' | 'http'
  /** Live subscriptions by id. */
  readonly live: ReadonlyMap<string, OpenedSubscription>
}

/** A lane. */
export interface Lane extends LaneView {
  run(c: Case): Promise<void>
  /** Every subscription the lane ever opened. */
  readonly opened: readonly OpenedSubscription[]
  close(): Promise<void>
}

const describe = (c: Case): string =>
  c.text.length > 400 ? `${c.text.slice(0, 400)}…(${c.text.length} chars)` : c.text

const sameId = (a: unknown, b: Id): boolean => a === b

/** Checks one response object; returns a problem or undefined. */
const checkOne = (response: unknown, expect: Expect): string | undefined => {
  if (typeof response !== 'object' || response === null || Array.isArray(response))
    return 'response is not an object'
  const r = response as RpcResponse
  if (r.jsonrpc !== '2.0') return 'jsonrpc is not 2.0'
  if (!sameId(r.id, expect.id)) return `id ${JSON.stringify(r.id)} != ${JSON.stringify(expect.id)}`
  const hasResult = Object.hasOwn(r, 'result')
  const hasError = Object.hasOwn(r, 'error')
  if (hasResult === hasError) return 'needs exactly one of result and error'
  if (hasError) {
    const e = r.error
    if (typeof e?.code !== 'number' || typeof e.message !== 'string') return 'malformed error'
  }
  return expect.check(r.error, r.result)
}

/** Collects failures (bounded) for a run. */
export interface Tally {
  readonly failures: string[]
  notifications: number
}

const fail = (tally: Tally, line: string): void => {
  if (tally.failures.length < 200) tally.failures.push(line)
}

/** Matches a reply (single or batch) to the case; returns the problems, and runs bookkeeping. */
const judge = (
  message: unknown,
  shape: Shape,
  onChecked: (response: RpcResponse, expect: Expect) => void,
): string[] => {
  const problems: string[] = []
  const settle = (response: unknown, expect: Expect) => {
    const r = (response ?? {}) as RpcResponse
    expect.after?.(r.error, r.result)
    onChecked(r, expect)
  }
  if (shape.type === 'none') return ['a reply to notifications only']
  if (shape.type === 'single') {
    if (Array.isArray(message)) {
      problems.push('an array reply to a single request')
      expectNever(shape.expect, settle)
      return problems
    }
    const problem = checkOne(message, shape.expect)
    if (problem !== undefined) problems.push(`${shape.expect.label}: ${problem}`)
    settle(message, shape.expect)
    return problems
  }
  if (!Array.isArray(message)) {
    problems.push('a single reply to a batch')
    for (const e of shape.expects) expectNever(e, settle)
    return problems
  }
  const pending = [...shape.expects]
  for (const response of message) {
    const id = (response as RpcResponse)?.id
    const at = pending.findIndex(e => sameId(id, e.id))
    if (at < 0) {
      problems.push(`batch entry with unexpected id ${JSON.stringify(response).slice(0, 200)}`)
      continue
    }
    const expect = pending[at] as Expect
    pending.splice(at, 1)
    const problem = checkOne(response, expect)
    if (problem !== undefined) problems.push(`batch entry ${expect.label}: ${problem}`)
    settle(response, expect)
  }
  for (const e of pending) {
    problems.push(`batch reply lacks id ${JSON.stringify(e.id)}`)
    expectNever(e, settle)
  }
  return problems
}

const expectNever = (e: Expect, settle: (response: unknown, expect: Expect) => void) =>
  settle({ error: { code: 0, message: 'no reply' } }, e)

/**
 * Opens a WebSocket lane.
 *
 * @example const lane = await openWsLane(url, tally)
 */
export const openWsLane = async (url: string, tally: Tally): Promise<Lane> => {
  const live = new Map<string, OpenedSubscription>()
  const opened: OpenedSubscription[] = []
  const ended = new Map<string, OpenedSubscription>()
  const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 })
  ws.on('error', () => {})
  await once(ws, 'open')
  let waiting: ((message: unknown) => void) | undefined
  let current: Case | undefined
  let pings = 0

  const onNotification = (m: {
    method: string
    params?: { subscription?: unknown; result?: unknown }
  }) => {
    tally.notifications++
    const id = m.params?.subscription
    const sub = typeof id === 'string' ? live.get(id) : undefined
    if (sub === undefined) {
      fail(
        tally,
        `ws: notification ${m.method} for ${String(id)} ${typeof id === 'string' && ended.has(id) ? 'after it ended' : 'that is not live'}`,
      )
      return
    }
    if (m.method !== sub.spec.notification) {
      fail(tally, `ws: notification ${m.method} for a ${sub.spec.method} subscription`)
      return
    }
    sub.notifications.push(m.params?.result)
    if (sub.notifications.length === 1 && sub.spec.first !== undefined) {
      const problem = sub.spec.first(m.params?.result)
      if (problem !== undefined) fail(tally, `ws: first ${m.method}: ${problem}`)
    }
  }

  const onChecked = (response: RpcResponse, expect: Expect) => {
    if (expect.subscribes !== undefined && typeof response.result === 'string') {
      const sub: OpenedSubscription = {
        id: response.result,
        spec: expect.subscribes,
        notifications: [],
        ended: false,
      }
      live.set(sub.id, sub)
      opened.push(sub)
    }
    if (expect.unsubscribes !== undefined && response.result === true) {
      const sub = live.get(expect.unsubscribes)
      if (sub !== undefined) {
        sub.ended = true
        live.delete(sub.id)
        ended.set(sub.id, sub)
      }
    }
  }

  ws.on('message', (data: Buffer) => {
    let message: unknown
    try {
      message = JSON.parse(data.toString('utf8'))
    } catch {
      fail(tally, 'ws: the node sent text that is not JSON')
      return
    }
    const m = message as { method?: unknown; id?: unknown }
    if (!Array.isArray(message) && typeof m?.method === 'string' && !Object.hasOwn(m, 'id')) {
      onNotification(message as { method: string })
      return
    }
    const c = current
    if (c !== undefined && !(c.shape.type === 'none' && m?.id === `ping${pings}`)) {
      // Judge synchronously, so a notification right behind finds its subscription open.
      for (const problem of judge(message, c.shape, onChecked))
        fail(tally, `ws: ${problem} — case ${describe(c)}`)
    } else if (c === undefined) {
      fail(tally, `ws: unexpected message ${JSON.stringify(message).slice(0, 200)}`)
    }
    const wake = waiting
    waiting = undefined
    wake?.(message)
  })
  let closed = false
  ws.on('close', () => {
    closed = true
    waiting?.(undefined)
  })

  const reply = (c: Case): Promise<unknown> =>
    new Promise(resolve => {
      const timer = setTimeout(() => {
        fail(tally, `ws: no reply within 30 s — case ${describe(c)}`)
        waiting = undefined
        resolve(undefined)
      }, 30_000)
      waiting = message => {
        clearTimeout(timer)
        resolve(message)
      }
    })

  return {
    transport: 'ws',
    live,
    opened,
    async run(c) {
      if (closed) {
        fail(tally, `ws: connection closed — case ${describe(c)}`)
        return
      }
      current = c
      const answered = reply(c)
      ws.send(c.text)
      if (c.shape.type === 'none') {
        pings++
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: `ping${pings}`, method: 'system_health' }))
        const got = (await answered) as { id?: unknown } | undefined
        if (got?.id !== `ping${pings}`)
          fail(tally, `ws: a notification was answered — ${describe(c)}`)
      } else await answered
      current = undefined
    },
    async close() {
      ws.close()
      if (!closed) await once(ws, 'close')
    },
  }
}

const post = (agent: Agent, url: URL, body: string): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      res => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })

/**
 * Opens an HTTP lane (keep-alive POSTs to the node's port).
 *
 * @example const lane = openHttpLane('ws://127.0.0.1:9944', tally)
 */
export const openHttpLane = (wsUrl: string, tally: Tally): Lane => {
  const url = new URL(wsUrl.replace(/^ws/, 'http'))
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const noop = () => {}
  return {
    transport: 'http',
    live: new Map(),
    opened: [],
    async run(c) {
      let res: { status: number; text: string }
      try {
        res = await post(agent, url, c.text)
      } catch (error) {
        fail(tally, `http: ${String(error)} — case ${describe(c)}`)
        judgeNothing(c)
        return
      }
      if (c.shape.type === 'none') {
        if (res.status !== 204 || res.text !== '')
          fail(
            tally,
            `http: status ${res.status} (${res.text.slice(0, 100)}), 204 due — ${describe(c)}`,
          )
        return
      }
      if (res.status !== 200) {
        fail(tally, `http: status ${res.status} — case ${describe(c)}`)
        judgeNothing(c)
        return
      }
      let body: unknown
      try {
        body = JSON.parse(res.text)
      } catch {
        fail(tally, `http: body is not JSON — case ${describe(c)}`)
        judgeNothing(c)
        return
      }
      for (const problem of judge(body, c.shape, noop))
        fail(tally, `http: ${problem} — case ${describe(c)}`)
    },
    async close() {
      agent.destroy()
    },
  }
}

/** Runs the bookkeeping of a case that got no usable reply. */
const judgeNothing = (c: Case) => {
  const none = { code: 0, message: 'no reply' }
  if (c.shape.type === 'single') c.shape.expect.after?.(none, undefined)
  if (c.shape.type === 'batch') for (const e of c.shape.expects) e.after?.(none, undefined)
}
