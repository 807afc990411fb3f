// The playground page: pick a member, speak as them, quote the bot by clicking its message,
// move the simulated clock, play drills. It polls the server for new messages once a second.
(() => {
  const $ = (id) => document.getElementById(id)
  const state = { me: undefined, quote: undefined, seen: 0, members: [], instance: undefined }

  const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])
  /** Escaped text with each "@name" of a mentioned person highlighted. */
  const withMentions = (text, names) => {
    let out = escapeHtml(text)
    for (const name of [...new Set(names)].sort((a, b) => b.length - a.length)) {
      out = out.split(`@${escapeHtml(name)}`).join(`\u0000${escapeHtml(name)}\u0001`)
    }
    return out.replace(/\u0000([^\u0001]*)\u0001/g, '<span class="mention">@$1</span>')
  }

  const api = async (path, body) => {
    const res = await fetch(path, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {})
    const json = await res.json()
    if (!res.ok) throw new Error(json.detail || json.error || res.statusText)
    if (json.nowLabel) $('clock').textContent = `模拟时间 ${json.nowLabel}`
    // Another server instance answered: the old one restarted, so its message numbers mean nothing now.
    if (json.instance && state.instance && json.instance !== state.instance) {
      location.reload()
      throw new Error('server restarted')
    }
    if (json.instance) state.instance = json.instance
    return json
  }

  /** A review card: its fields, lines and state, a reason box and its buttons; a press is made as the chosen member. */
  const cardHtml = (c) => {
    const rows = c.fields.map((f) => `<div class="row"><b>${escapeHtml(f.label)}</b> ${escapeHtml(f.value)}</div>`).join('')
    const lines = c.lines.map((l) => `<div>${escapeHtml(l)}</div>`).join('')
    const status = c.status ? `<div class="status">${escapeHtml(c.status).replace(/\n/g, '<br>')}</div>` : ''
    const reason = c.buttons.some((b) => b.needsReason) ? '<input class="reason" placeholder="驳回理由（驳回时必填）">' : ''
    const buttons = c.buttons.map((b) => `<button type="button" class="card-button ${b.style || 'default'}" data-verb="${escapeHtml(b.action.verb)}">${escapeHtml(b.label)}</button>`).join('')
    return `<div class="card ${c.tone}"><div class="title">${escapeHtml(c.title)}</div>${rows}${lines}${status}${reason}<div class="buttons">${buttons}</div></div>`
  }
  const paintCard = (el, m) => {
    el.querySelector('.bubble').innerHTML = cardHtml(m.card)
    for (const b of el.querySelectorAll('.card-button')) {
      b.addEventListener('click', async () => {
        const reason = el.querySelector('.reason')?.value.trim()
        try {
          await api('/api/playground/press', { who: state.me, seq: m.seq, button: b.dataset.verb, ...(reason ? { reason } : {}) })
        } catch (err) {
          alert(err.message)
        }
        await poll()
      })
    }
  }

  const render = (m) => {
    const el = document.createElement('div')
    el.className = `msg ${m.kind}${m.who && m.who === state.me ? ' mine' : ''}${m.privateTo ? ' private' : ''}${m.card ? ' has-card' : ''}`
    el.dataset.seq = m.seq
    if (m.card) {
      el.innerHTML = `<div class="who">${escapeHtml(m.name)}</div><div class="bubble"></div>`
      paintCard(el, m)
    } else if (m.kind === 'note') {
      el.textContent = `${m.name}：${m.text}`
    } else {
      const who = m.privateTo ? `${m.name} → ${m.privateTo}` : m.name
      const quote = m.quote ? `<div class="quote">「${escapeHtml(m.quote)}」</div>` : ''
      el.innerHTML = `<div class="who">${escapeHtml(who)}</div>${quote}<div class="bubble">${withMentions(m.text, m.mentions)}</div>`
      if (m.kind === 'bot' && !m.privateTo) {
        el.querySelector('.bubble').title = '点击引用 Click to quote'
        el.querySelector('.bubble').addEventListener('click', () => setQuote(m))
      }
    }
    $('log').append(el)
  }

  const poll = async () => {
    const { messages, cards } = await api(`/api/playground/messages?after=${state.seen}`)
    for (const m of messages) if (m.seq > state.seen) (render(m), (state.seen = m.seq))
    // cards are repainted in place: redraw those that changed
    for (const c of cards || []) {
      const el = document.querySelector(`.msg[data-seq="${c.seq}"]`)
      const key = JSON.stringify(c.card)
      if (el && el.dataset.card !== key) (paintCard(el, c), (el.dataset.card = key))
    }
    if (messages.length) $('log').scrollTop = $('log').scrollHeight
  }

  const setQuote = (m) => {
    state.quote = m?.seq
    $('quoting').hidden = !m
    $('quoting').textContent = m ? `引用：${m.text.split('\n')[0]}（点此取消）` : ''
    if (m) $('text').focus()
  }
  $('quoting').addEventListener('click', () => setQuote(undefined))

  const choose = (key) => {
    state.me = key
    for (const b of document.querySelectorAll('.member')) b.classList.toggle('active', b.dataset.key === key)
    const m = state.members.find((x) => x.key === key)
    $('as').textContent = m ? `以「${m.name}」（${m.labels.join('、')}）发言` : ''
  }

  const send = async (e) => {
    e?.preventDefault()
    const text = $('text').value.trim()
    if (!text || !state.me) return
    $('text').value = ''
    const body = { who: state.me, text, ...(state.quote ? { quote: state.quote } : {}) }
    setQuote(undefined)
    try {
      await api('/api/playground/say', body)
    } catch (err) {
      alert(err.message)
    }
    await poll()
  }
  $('compose').addEventListener('submit', send)
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(e)
  })

  for (const b of document.querySelectorAll('[data-minutes]')) {
    b.addEventListener('click', async () => {
      await api('/api/playground/advance', { minutes: Number(b.dataset.minutes) })
      await poll()
    })
  }
  for (const c of document.querySelectorAll('.examples code')) c.addEventListener('click', () => (($('text').value = c.textContent), $('text').focus()))

  const renderDrills = (drills) => {
    $('drills').replaceChildren(
      ...drills.map((d) => {
        const b = document.createElement('button')
        b.dataset.drill = d.name
        b.title = d.description
        b.disabled = d.next >= d.total
        b.textContent = d.next >= d.total ? `${d.title}（已完成）` : `${d.title}：第 ${d.next + 1}/${d.total} 步 ▶`
        b.addEventListener('click', async () => {
          b.disabled = true
          await api(`/api/playground/drills/${encodeURIComponent(d.name)}/next`, {})
          await poll()
          renderDrills((await api('/api/playground/state')).drills)
        })
        return b
      }),
    )
    if (drills.length === 0) $('drills').textContent = '没有演练脚本（config/drills/*.yaml）'
  }

  ;(async () => {
    const s = await api('/api/playground/state')
    state.members = s.members
    $('storage').textContent = `状态：${s.storage.label}`
    $('members').replaceChildren(
      ...s.members.map((m) => {
        const b = document.createElement('button')
        b.className = 'member'
        b.dataset.key = m.key
        b.innerHTML = `${escapeHtml(m.name)}<small>${escapeHtml(m.labels.join('、'))}${m.roles.length ? ' · ' + escapeHtml(m.roles.join(', ')) : ''}</small>`
        b.addEventListener('click', () => choose(m.key))
        return b
      }),
    )
    choose(s.members.find((m) => m.labels.includes('编辑'))?.key ?? s.members[0]?.key)
    renderDrills(s.drills)
    await poll()
    setInterval(() => poll().catch(() => undefined), 1000)
  })()
})()
