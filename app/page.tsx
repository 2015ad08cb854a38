export default function HomePage() {
  return (
    <main style={{ maxWidth: 420, margin: '10vh auto', padding: 16 }}>
      <h1>Prebooker</h1>
      <form aria-label="Sign in with AimHarder">
        <label htmlFor="email">AimHarder email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">AimHarder password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
