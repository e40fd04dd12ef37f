// A local stand-in for Twilio's Messages API and SendGrid's v3 mail/send that checks what the
// real ones check, and answers as they answer:
//   Twilio   POST /2010-04-01/Accounts/{AccountSid}/Messages.json, application/x-www-form-urlencoded,
//            Basic auth AccountSid:AuthToken whose SID is the one in the path (else 401, code 20003);
//            To required and E.164 (or whatsapp:E.164) (21604 / 21211); From or
//            MessagingServiceSid required (21603); Body, MediaUrl or ContentSid required (21602);
//            201 with the message resource (sid "SM" + 32 hex digits, status "queued").
//   SendGrid POST /v3/mail/send, application/json, Authorization: Bearer KEY (else 401);
//            personalizations[].to[].email, from.email, subject or template_id, content or
//            template_id (else 400 with errors[]); 202, empty body, X-Message-Id header.
// Every request is recorded with its headers (Twilio's I-Twilio-Idempotency-Token among them; the
// stand-in does not refuse repeats itself, so the worker's own refusal is what the tests see).
// `failNext(n, status)` makes the next n well-formed requests fail with that status (a provider
// outage); every request, accepted or not, is recorded.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

const E164 = /^\+[1-9]\d{7,14}$/;

export async function startProviders({ accountSid, authToken, sendgridKey }) {
    const state = { requests: [], messages: [], emails: [], failures: [], holds: 0, held: [] };

    function twilioError(res, status, code, message) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
    }

    function twilio(req, res, body, pathSid) {
        const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
        const [user, pass] = auth ? Buffer.from(auth[1], 'base64').toString().split(':') : [];
        if (user !== accountSid || pass !== authToken || pathSid !== accountSid) return twilioError(res, 401, 20003, 'Authenticate');
        if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) return twilioError(res, 400, 20001, 'Content-Type must be application/x-www-form-urlencoded');
        const form = new URLSearchParams(body);
        const to = form.get('To');
        if (!to) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
        if (!E164.test(to.replace(/^whatsapp:/, ''))) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
        if (!form.get('From') && !form.get('MessagingServiceSid')) return twilioError(res, 400, 21603, "A 'From' phone number is required.");
        if (!form.get('Body') && !form.get('MediaUrl') && !form.get('ContentSid')) return twilioError(res, 400, 21602, 'Message body is required.');
        if (state.holds > 0) {
            // Accepted but never answered (the answer is lost): the message counts as sent.
            state.holds--;
            state.held.push(res);
            state.messages.push({ sid: null, to, body: form.get('Body'), form: Object.fromEntries(form), receivedAt: Date.now(), held: true });
            return undefined;
        }
        const failure = state.failures.shift();
        if (failure) return twilioError(res, failure, 20500, 'An internal server error has occurred');
        const message = {
            sid: `SM${randomBytes(16).toString('hex')}`,
            account_sid: accountSid,
            to,
            from: form.get('From'),
            messaging_service_sid: form.get('MessagingServiceSid'),
            body: form.get('Body'),
            status: 'queued',
            num_segments: '1',
            price: null,
            date_created: new Date().toUTCString(),
        };
        state.messages.push({ ...message, form: Object.fromEntries(form), receivedAt: Date.now() });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify(message));
    }

    function sendgrid(req, res, body) {
        const error = (status, message, field = null) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ errors: [{ message, field, help: null }] }));
        };
        if (req.headers.authorization !== `Bearer ${sendgridKey}`) return error(401, 'The provided authorization grant is invalid, expired, or revoked');
        let mail;
        try {
            mail = JSON.parse(body);
        } catch {
            return error(400, 'Bad Request');
        }
        const to = mail.personalizations?.[0]?.to?.[0]?.email;
        if (!to) return error(400, 'The to array is required for all personalization objects.', 'personalizations.0.to');
        if (!mail.from?.email) return error(400, 'The from object must be provided for every email send.', 'from');
        if (!mail.template_id && !mail.subject) return error(400, 'The subject is required.', 'subject');
        if (!mail.template_id && !mail.content?.[0]?.value) return error(400, 'The content value must be a string at least one character in length.', 'content.0.value');
        const failure = state.failures.shift();
        if (failure) return error(failure, 'Internal error');
        const id = randomBytes(11).toString('base64url');
        state.emails.push({ id, mail, receivedAt: Date.now() });
        res.writeHead(202, { 'x-message-id': id });
        res.end();
    }

    const server = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk) => { body += chunk; });
        req.on('end', () => {
            state.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
            const twilioPath = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url);
            if (req.method === 'POST' && twilioPath) return twilio(req, res, body, decodeURIComponent(twilioPath[1]));
            if (req.method === 'POST' && req.url === '/v3/mail/send') return sendgrid(req, res, body);
            res.writeHead(404, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
        });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
        url: `http://127.0.0.1:${server.address().port}`,
        state,
        /** The next Twilio request is taken (and counted as sent) but never answered. */
        holdNext() {
            state.holds++;
        },
        failNext(count, status = 500) {
            for (let i = 0; i < count; i++) state.failures.push(status);
        },
        close: () => new Promise((resolve) => {
            for (const res of state.held) res.destroy();
            server.closeAllConnections?.();
            server.close(resolve);
        }),
    };
}
