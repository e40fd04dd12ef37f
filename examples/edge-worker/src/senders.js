// Senders: deliver one send decision to its provider and say what happened.
//
// Outcome of `deliver()`:
//   {outcome: 'sent', provider, providerMessageId, response}   accepted by the provider
//   {outcome: 'error', provider, status, error}                the provider answered with an error
//                                                             (4xx/5xx) or is not configured:
//                                                             nothing was sent, retry later
//   {outcome: 'unknown', provider, error}                      no answer (network error, timeout):
//                                                             the provider may or may not have sent
//                                                             it, so it is never retried (a retry
//                                                             could send it twice)

const PHONE_CHANNELS = new Set(['sms', 'mms', 'whatsapp']);

/** The provider that delivers a channel under these settings. */
export function providerFor(channel, settings) {
    if (settings.sender === 'log') return 'log';
    if (PHONE_CHANNELS.has(channel)) return 'twilio';
    if (channel === 'email' && settings.sendgrid.apiKey) return 'sendgrid';
    return 'log';
}

/** Delivers `send` (`{id, decision, profile}`). Never throws. */
export async function deliver(send, settings) {
    const provider = providerFor(send.decision.channel, settings);
    try {
        if (provider === 'twilio') return await twilio(send, settings);
        if (provider === 'sendgrid') return await sendgrid(send, settings);
        return logSend(send);
    } catch (e) {
        return { outcome: 'unknown', provider, error: `no answer from ${provider}: ${e?.message ?? e}` };
    }
}

function logSend({ id, decision }) {
    console.log(JSON.stringify({ herald_send: id, ...decision }));
    return { outcome: 'sent', provider: 'log', providerMessageId: `log-${id}`, response: null };
}

function missing(provider, names) {
    return { outcome: 'error', provider, status: null, error: `not configured: ${names.join(', ')} not set` };
}

async function post(url, init, settings) {
    return fetch(url, { method: 'POST', ...init, signal: AbortSignal.timeout(settings.providerTimeoutMs) });
}

async function errorText(response) {
    const body = (await response.text()).slice(0, 500);
    try {
        const json = JSON.parse(body);
        // Twilio: {code, message, more_info, status}; SendGrid: {errors: [{message, field}]}.
        if (json.message) return `${json.code ? `${json.code}: ` : ''}${json.message}`;
        if (Array.isArray(json.errors)) return json.errors.map((e) => e.message).join('; ');
    } catch {
        // not JSON: the text itself
    }
    return body || response.statusText;
}

// Twilio's Messages API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded,
// Basic auth with the account SID and auth token; 201 with the message resource (`sid`).
async function twilio({ decision }, settings) {
    const t = settings.twilio;
    const lacking = [];
    if (!t.accountSid) lacking.push('TWILIO_ACCOUNT_SID');
    if (!t.authToken) lacking.push('TWILIO_AUTH_TOKEN');
    if (!t.from && !t.messagingServiceSid) lacking.push('TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)');
    if (lacking.length) return missing('twilio', lacking);

    const whatsapp = decision.channel === 'whatsapp';
    const form = new URLSearchParams();
    form.set('To', whatsapp ? `whatsapp:${decision.to}` : decision.to);
    // TWILIO_FROM may itself be a Messaging Service SID (MG...), as Twilio's console offers both.
    const service = t.messagingServiceSid ?? (/^MG[0-9a-f]{32}$/i.test(t.from) ? t.from : undefined);
    if (service) form.set('MessagingServiceSid', service);
    else form.set('From', whatsapp && !t.from.startsWith('whatsapp:') ? `whatsapp:${t.from}` : t.from);
    if (decision.content !== null) form.set('Body', decision.content);
    else form.set('ContentSid', decision.template); // a Content API template

    const url = `${t.apiBase}/2010-04-01/Accounts/${encodeURIComponent(t.accountSid)}/Messages.json`;
    const response = await post(url, {
        headers: {
            authorization: `Basic ${btoa(`${t.accountSid}:${t.authToken}`)}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
            // herald's idempotency_key: the same on every retry of this send.
            ...(decision.idempotency_key ? { 'i-twilio-idempotency-token': decision.idempotency_key } : {}),
        },
        body: form.toString(),
    }, settings);
    if (!response.ok) return { outcome: 'error', provider: 'twilio', status: response.status, error: await errorText(response) };
    const text = await response.text();
    let message;
    try {
        message = JSON.parse(text);
    } catch {
        message = null;
    }
    if (!message || typeof message.sid !== 'string') {
        // Accepted (2xx) but unreadable: it was probably sent, so it must not be sent again.
        return { outcome: 'unknown', provider: 'twilio', error: `twilio answered ${response.status} without a message sid` };
    }
    return {
        outcome: 'sent',
        provider: 'twilio',
        providerMessageId: message.sid,
        response: { status: message.status ?? null, num_segments: message.num_segments ?? null, price: message.price ?? null },
    };
}

// SendGrid v3: POST /v3/mail/send, JSON, Bearer API key; 202 with an empty body and the
// message id in the X-Message-Id header.
async function sendgrid({ id, decision, profile }, settings) {
    const s = settings.sendgrid;
    if (!s.from) return missing('sendgrid', ['SENDGRID_FROM']);
    // SendGrid's v3 mail/send takes no idempotency key: the outbox refuses duplicates, and the
    // key travels in custom_args (herald_send_id) to the event webhook for the host to match.
    const personalization = { to: [{ email: decision.to }], custom_args: { herald_send_id: id, herald_journey: decision.journey } };
    const body = { personalizations: [personalization], from: { email: s.from } };
    if (decision.template !== null) {
        body.template_id = decision.template;
        personalization.dynamic_template_data = { profile };
    } else {
        // The subject is SENDGRID_SUBJECT, else the content's first line (the rest is the body).
        const text = decision.content ?? '';
        const newline = text.indexOf('\n');
        const subject = s.subject ?? (newline >= 0 ? text.slice(0, newline) : text).slice(0, 200);
        const rest = s.subject || newline < 0 ? text : text.slice(newline + 1).replace(/^\n/, '');
        body.subject = subject;
        body.content = [{ type: 'text/plain', value: rest || text }];
    }
    const response = await post(`${s.apiBase}/v3/mail/send`, {
        headers: { authorization: `Bearer ${s.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
    }, settings);
    if (!response.ok) return { outcome: 'error', provider: 'sendgrid', status: response.status, error: await errorText(response) };
    await response.body?.cancel();
    return {
        outcome: 'sent',
        provider: 'sendgrid',
        providerMessageId: response.headers.get('x-message-id') ?? null,
        response: { status: response.status },
    };
}
