// Live countdowns on the dashboard. The page carries the bot's clock (data-now), which in the
// playground is a simulated one, so time left is measured from it, not from the browser's clock.
(() => {
  const clock = document.querySelector('[data-now]')
  if (!clock) return
  const serverNow = Number(clock.dataset.now)
  const loadedAt = Date.now()
  const pad = (n) => String(n).padStart(2, '0')
  const tick = () => {
    const now = serverNow + (Date.now() - loadedAt)
    for (const el of document.querySelectorAll('time.countdown')) {
      const left = Number(el.dataset.due) - now
      const abs = Math.abs(left)
      const h = Math.floor(abs / 3_600_000)
      const m = Math.floor((abs % 3_600_000) / 60_000)
      const s = Math.floor((abs % 60_000) / 1000)
      const text = `${h}:${pad(m)}:${pad(s)}`
      el.textContent = left >= 0 ? `剩余 ${text}` : `已超时 ${text}`
      el.classList.toggle('overdue', left < 0)
    }
  }
  tick()
  setInterval(tick, 1000)
  // Lists change as the bot works; reload them now and then (the page is read-only).
  setTimeout(() => location.reload(), 60_000)
})()
