/**
 * Every `extensions.code` the api answers with, as a sentence a user understands.
 * The extension keys are those of api/src/graphql/error.rs.
 */
import { ApolloError } from '@apollo/client';
import type { GraphQLFormattedError } from 'graphql';

export interface Problem {
  code: string;
  message: string;
  extensions: Record<string, unknown>;
}

export interface Described {
  code: string;
  sentence: string;
  /** The input field the api named (BAD_USER_INPUT, CONFLICT). */
  field?: string;
}

/** Labels for the fields a form shows, by the api's field path. */
export type FieldLabels = Record<string, string>;

const GENERIC = 'Something went wrong on our side. Please try again; if it keeps happening, contact support.';

export function problemsOf(error: unknown): Problem[] {
  const fromGraphQL = (errors: readonly GraphQLFormattedError[]) =>
    errors.map((e) => ({
      code: typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL',
      message: e.message,
      extensions: { ...(e.extensions ?? {}) },
    }));
  if (error instanceof ApolloError) {
    if (error.graphQLErrors.length > 0) return fromGraphQL(error.graphQLErrors);
    const network = error.networkError as { result?: { errors?: GraphQLFormattedError[] } } | null;
    if (network?.result && typeof network.result === 'object' && Array.isArray(network.result.errors)) {
      return fromGraphQL(network.result.errors);
    }
    if (network) return [{ code: 'NETWORK', message: network instanceof Error ? network.message : '', extensions: {} }];
    return [{ code: 'INTERNAL', message: error.message, extensions: {} }];
  }
  if (error instanceof Error) return [{ code: 'CLIENT', message: error.message, extensions: {} }];
  return [{ code: 'INTERNAL', message: String(error), extensions: {} }];
}

export function humanizeField(field: string, labels: FieldLabels = {}): string {
  if (labels[field]) return labels[field];
  const parts = field.split('.');
  const words = parts.map((part) => {
    if (/^\d+$/.test(part)) return `line ${Number(part) + 1}`;
    if (part === 'lines') return '';
    return part
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/Id$/, '')
      .toLowerCase()
      .replace('email', 'e-mail')
      .replace('sku', 'SKU');
  });
  const text = words.filter(Boolean).join(' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function withoutFieldPrefix(message: string, field: string | undefined): string {
  return field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

export function describeProblem(problem: Problem, labels: FieldLabels = {}): Described {
  const ext = problem.extensions;
  const field = typeof ext.field === 'string' ? ext.field : undefined;
  switch (problem.code) {
    case 'INSUFFICIENT_STOCK':
      return {
        code: problem.code,
        sentence:
          typeof ext.at === 'string'
            ? `Only ${String(ext.available)} were at this location on ${new Date(ext.at).toLocaleString()}; taking ${String(ext.requested)} before then would leave stock below zero there.`
            : `Only ${String(ext.available)} left at this location; you asked for ${String(ext.requested)}.`,
      };
    case 'PERIOD_CLOSED':
      return {
        code: problem.code,
        sentence: `The period before ${String(ext.closedBefore)} is closed: date the movement on or after that day.`,
      };
    case 'PLAN_LIMIT_REACHED':
      return {
        code: problem.code,
        sentence: `Your plan allows ${String(ext.limit)} ${String(ext.resource)} and you have ${String(ext.usage)}. Upgrade your plan in Billing to add more.`,
      };
    case 'FORBIDDEN':
      return {
        code: problem.code,
        sentence:
          ext.reason === 'SUBSCRIPTION_UNPAID'
            ? 'This organization is read-only because its subscription is unpaid. Pay in Billing to make changes again.'
            : "You don't have permission to do that in this organization. Ask an admin if you need it.",
      };
    case 'RATE_LIMITED': {
      const wait = Number(ext.retryAfter);
      return {
        code: problem.code,
        sentence: Number.isFinite(wait) && wait > 0
          ? `Too many attempts. Please wait ${waitText(wait)} and try again.`
          : 'Too many attempts. Please wait a moment and try again.',
      };
    }
    case 'BAD_USER_INPUT':
    case 'CONFLICT': {
      const detail = withoutFieldPrefix(problem.message, field);
      const prefix = field ? `${humanizeField(field, labels)}: ` : '';
      const lead = problem.code === 'CONFLICT' && !field ? 'That conflicts with what is already recorded: ' : '';
      return { code: problem.code, field, sentence: sentence(`${lead}${prefix}${detail}`) };
    }
    case 'NOT_FOUND': {
      const entity = typeof ext.entity === 'string' ? ext.entity : 'what you asked for';
      return {
        code: problem.code,
        sentence: sentence(`The ${entity} was not found. It may have been deleted, or you may not have access to it`),
      };
    }
    case 'UNAUTHENTICATED':
      return {
        code: problem.code,
        sentence: /password|e-mail/i.test(problem.message)
          ? sentence(problem.message)
          : 'Your session has ended. Please log in again.',
      };
    case 'TIMEOUT':
      return { code: problem.code, sentence: 'The server took too long to answer. Please try again in a moment.' };
    case 'NETWORK':
      return { code: problem.code, sentence: "Can't reach Stockroom. Check your connection and try again." };
    case 'CLIENT':
      return { code: problem.code, sentence: sentence(problem.message) || GENERIC };
    default:
      return { code: problem.code, sentence: GENERIC };
  }
}

export function describeError(error: unknown, labels: FieldLabels = {}): Described {
  const [first] = problemsOf(error);
  return describeProblem(first ?? { code: 'INTERNAL', message: '', extensions: {} }, labels);
}

export function errorCode(error: unknown): string | undefined {
  return problemsOf(error)[0]?.code;
}
