import { join } from 'node:path';
import { z } from 'zod';
import { recipeSchema, type PythonEnv } from '../../../shared/training';
import { WorkbenchError } from '../errors';
import { CommandFailure, runCommand } from '../machine/run-command';

type Recipe = z.infer<typeof recipeSchema>;
type ParamValue = string | number | boolean;

const describeSchema = z.object({ recipes: z.array(recipeSchema) });
const DESCRIBE_TIMEOUT_MS = 60_000;

/** The built-in recipes, as the runner describes them (`--describe-recipes`), cached per interpreter. */
export class RecipeCatalog {
  private readonly cache = new Map<string, Promise<Recipe[]>>();

  constructor(private readonly options: { resourcesDir: string; env: NodeJS.ProcessEnv }) {}

  /** The recipes the runner offers with this environment's interpreter. */
  list(env: Pick<PythonEnv, 'python'>, signal?: AbortSignal): Promise<Recipe[]> {
    const cached = this.cache.get(env.python);
    if (cached) return cached;
    const pythonDir = join(this.options.resourcesDir, 'python');
    const answer = runCommand(env.python, [join(pythonDir, 'workbench_runner.py'), '--describe-recipes'], {
      env: { ...this.options.env, PYTHONPATH: pythonDir, PYTHONUNBUFFERED: '1' },
      timeoutMs: DESCRIBE_TIMEOUT_MS,
      signal,
    })
      .then(({ stdout }) => {
        const parsed = describeSchema.safeParse(JSON.parse(stdout.trim().split('\n').pop() ?? ''));
        if (!parsed.success) throw new Error(`unexpected answer: ${parsed.error.message}`);
        return parsed.data.recipes;
      })
      .catch((err: unknown) => {
        this.cache.delete(env.python);
        const reason = err instanceof CommandFailure ? err.message : (err as Error).message;
        throw new WorkbenchError('PYTHON_NOT_FOUND', `The recipes could not be read with ${env.python}: ${reason}`, {
          hint: 'Choose another Python environment (Settings → Python), or check that it starts.',
        });
      });
    this.cache.set(env.python, answer);
    return answer;
  }

  /** One recipe by id, or INVALID_INPUT naming the ones there are. */
  async find(env: Pick<PythonEnv, 'python'>, id: string): Promise<Recipe> {
    const recipes = await this.list(env);
    const found = recipes.find((r) => r.id === id);
    if (!found) {
      throw new WorkbenchError('INVALID_INPUT', `code.recipe: there is no recipe "${id}".`, {
        hint: `Choose one of: ${recipes.map((r) => r.id).join(', ')}.`,
      });
    }
    return found;
  }

  /** Checks parameters against the recipe (names and types); answers them with ints and floats as numbers. */
  checkParams(recipe: Recipe, params: Record<string, ParamValue>): Record<string, ParamValue> {
    const out: Record<string, ParamValue> = {};
    for (const [key, value] of Object.entries(params)) {
      const spec = recipe.params.find((p) => p.key === key);
      if (!spec) {
        throw new WorkbenchError('INVALID_INPUT', `params.${key}: ${recipe.title} has no parameter "${key}".`, {
          hint: `Its parameters are ${recipe.params.map((p) => p.key).join(', ')}.`,
        });
      }
      out[key] = coerce(key, spec.type, value);
    }
    return out;
  }
}

function coerce(key: string, type: 'int' | 'float' | 'string' | 'bool', value: ParamValue): ParamValue {
  const bad = (what: string) =>
    new WorkbenchError('INVALID_INPUT', `params.${key}: ${JSON.stringify(value)} is not ${what}.`, { hint: `Enter ${what}.` });
  switch (type) {
    case 'int': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw bad('a whole number');
      return n;
    }
    case 'float': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw bad('a number');
      return n;
    }
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad('true or false');
    case 'string':
      return String(value);
  }
}
