import { create } from 'zustand';
import type { PythonEnv } from '../../../shared/training';
import type { Recipe } from '../features/runs/start-model';

interface EnvsState {
  envs: PythonEnv[];
  /** False until the first listing arrived. */
  loaded: boolean;
  error: string | null;
  recipes: Recipe[];
  recipesError: string | null;
  setEnvs(envs: PythonEnv[]): void;
  /** One environment changed (added, probed, made default): the others lose `isDefault` when it gains it. */
  upsertEnv(env: PythonEnv): void;
  removeEnv(id: string): void;
  setError(message: string): void;
  setRecipes(recipes: Recipe[]): void;
  setRecipesError(message: string): void;
}

/** Python environments and built-in recipes, for Settings, the start form and the status bar. */
export const useEnvs = create<EnvsState>((set) => ({
  envs: [],
  loaded: false,
  error: null,
  recipes: [],
  recipesError: null,
  setEnvs: (envs) => set({ envs, loaded: true, error: null }),
  upsertEnv: (env) =>
    set((s) => {
      const others = s.envs.filter((e) => e.id !== env.id).map((e) => (env.isDefault ? { ...e, isDefault: false } : e));
      const at = s.envs.findIndex((e) => e.id === env.id);
      const envs = at < 0 ? [...others, env] : [...others.slice(0, at), env, ...others.slice(at)];
      return { envs };
    }),
  removeEnv: (id) => set((s) => ({ envs: s.envs.filter((e) => e.id !== id) })),
  setError: (error) => set({ error, loaded: true }),
  setRecipes: (recipes) => set({ recipes, recipesError: null }),
  setRecipesError: (recipesError) => set({ recipesError }),
}));

/** The environment runs use when none is chosen, or null. */
export function defaultEnv(envs: readonly PythonEnv[]): PythonEnv | null {
  return envs.find((e) => e.isDefault) ?? null;
}
