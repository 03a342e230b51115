// REST login burst: logins through the gateway's /api proxy at a rising rate (password hashing is the cost).
//   k6 run -e PARLEY_BASE_URL=http://localhost:8080 -e PARLEY_LOGIN_RATE=50 loadtest/k6/login-burst.ts
// Only successful logins are made: auth-service answers 429 after 5 failures per user name (PROTOCOL §2).
import { Options } from 'k6/options';
import exec from 'k6/execution';
import { ensureUsers, envInt, login, User } from './lib/parley.ts';

/** Logins per second at the peak, seconds of ramp and of hold, and users they are spread over. */
const RATE = envInt('PARLEY_LOGIN_RATE', 20);
const RAMP_SECONDS = envInt('PARLEY_RAMP_SECONDS', 10);
const HOLD_SECONDS = envInt('PARLEY_HOLD_SECONDS', 30);
const USERS = envInt('PARLEY_USERS', 50);

export const options: Options = {
    setupTimeout: '10m',
    scenarios: {
        burst: {
            executor: 'ramping-arrival-rate',
            startRate: 0,
            timeUnit: '1s',
            preAllocatedVUs: Math.max(10, RATE),
            maxVUs: RATE * 10,
            stages: [
                { target: RATE, duration: `${RAMP_SECONDS}s` },
                { target: RATE, duration: `${HOLD_SECONDS}s` },
            ],
        },
    },
    thresholds: {
        // only the burst's logins (setup's logins are made before the clock matters)
        'http_req_duration{scenario:burst,name:login}': ['p(95)<400', 'p(99)<1000'],
        'http_req_failed{scenario:burst}': ['rate<0.01'],
        checks: ['rate>0.99'],
    },
};

export function setup(): { users: User[] } {
    return { users: ensureUsers('login', USERS) };
}

export default function (data: { users: User[] }): void {
    login(data.users[exec.scenario.iterationInTest % data.users.length].username);
}
